import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { contextOfTraceParent, formatTraceParent, parseTraceParent } from './trace-parent.js';

describe('traceparent stored with an event', () => {
  const spanContext = {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
  };

  it('is the W3C form of the span context, and reads back as a remote parent', () => {
    const traceparent = formatTraceParent(spanContext);
    expect(traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(parseTraceParent(traceparent)).toEqual({ ...spanContext, isRemote: true });
    expect(trace.getSpanContext(contextOfTraceParent(traceparent))).toEqual({
      ...spanContext,
      isRemote: true,
    });
  });

  it('keeps a sampled-out decision', () => {
    const traceparent = formatTraceParent({ ...spanContext, traceFlags: TraceFlags.NONE });
    expect(traceparent.endsWith('-00')).toBe(true);
    expect(parseTraceParent(traceparent)?.traceFlags).toBe(TraceFlags.NONE);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['garbage'],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
  ])('starts a new trace from %p (absent, malformed or invalid)', (traceparent) => {
    expect(parseTraceParent(traceparent)).toBeUndefined();
    expect(contextOfTraceParent(traceparent)).toBe(ROOT_CONTEXT);
  });

  it('is null for the active context when no span is active (tracing off)', async () => {
    const { activeTraceParent } = await import('./trace-parent.js');
    expect(context.with(ROOT_CONTEXT, activeTraceParent)).toBeNull();
  });
});
