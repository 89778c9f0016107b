import { context, type Link, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';
import type { RecordedEvent } from '../domain/domain-event.js';
import { contextOfTraceParent, parseTraceParent } from './trace-parent.js';
import { CqrsAttributes, inSpan, recordFailure, tracer } from './tracer.js';

/** What the spans of a processor say about it. */
export interface TracedProcessor {
  readonly name: string;
  /** `projection`, `reactor` or `forwarder`. */
  readonly kind: string;
}

/** The operation of a processor's per-event span, by kind: `project inventory-list`, `react order-fulfilment`. */
const OPERATION: Record<string, string> = { projection: 'project', reactor: 'react', forwarder: 'forward' };

const MESSAGING_SYSTEM = 'event_log';

function eventSpanName(processor: TracedProcessor): string {
  return `${OPERATION[processor.kind] ?? 'process'} ${processor.name}`;
}

function eventAttributes(processor: TracedProcessor, recorded: RecordedEvent) {
  return {
    [CqrsAttributes.MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
    [CqrsAttributes.MESSAGING_OPERATION_TYPE]: 'process',
    [CqrsAttributes.MESSAGING_OPERATION]: OPERATION[processor.kind] ?? 'process',
    [CqrsAttributes.MESSAGING_CONSUMER_GROUP]: processor.name,
    [CqrsAttributes.MESSAGING_MESSAGE_ID]: recorded.metadata.eventId,
    [CqrsAttributes.PROCESSOR]: processor.name,
    [CqrsAttributes.PROCESSOR_KIND]: processor.kind,
    [CqrsAttributes.EVENT_TYPE]: recorded.type,
    [CqrsAttributes.POSITION]: String(recorded.position),
    [CqrsAttributes.STREAM_ID]: recorded.streamId,
    [CqrsAttributes.CORRELATION_ID]: recorded.metadata.correlationId,
  };
}

/**
 * The links of an event's span: to the span that appended the event (also its parent: the link
 * stays when a backend shows the processor's work apart from the request), and to the batch it was
 * handled in.
 */
function eventLinks(recorded: RecordedEvent): Link[] {
  const links: Link[] = [];
  const appended = parseTraceParent(recorded.metadata.traceparent);
  if (appended) links.push({ context: appended, attributes: { 'cqrs.link': 'appended-by' } });
  const batch = trace.getSpanContext(context.active());
  if (batch) links.push({ context: batch, attributes: { 'cqrs.link': 'batch' } });
  return links;
}

/**
 * The spans of the processors (projections, reactors, forwarders), one seam for all of them:
 *
 * - `batch`: one span per batch a processor handles, `process <processor>` (kind consumer, a trace
 *   of its own), with its kind, the positions it spans and how many events it holds;
 * - `event` / `events`: one span per handled event, in the trace of the request that appended the
 *   event (its parent is the append's span, whose context the event stores), linked to that span
 *   and to its batch. A reactor's commands run inside it, so they continue that trace too.
 */
export const ProcessorSpans = {
  batch<T>(processor: TracedProcessor, batch: readonly RecordedEvent[], work: () => Promise<T>): Promise<T> {
    const attributes = {
      [CqrsAttributes.MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
      [CqrsAttributes.MESSAGING_OPERATION_TYPE]: 'process',
      [CqrsAttributes.MESSAGING_OPERATION]: 'process',
      [CqrsAttributes.MESSAGING_CONSUMER_GROUP]: processor.name,
      [CqrsAttributes.MESSAGING_BATCH_COUNT]: batch.length,
      [CqrsAttributes.PROCESSOR]: processor.name,
      [CqrsAttributes.PROCESSOR_KIND]: processor.kind,
      [CqrsAttributes.FROM_POSITION]: String(batch[0]?.position ?? 0),
      [CqrsAttributes.TO_POSITION]: String(batch[batch.length - 1]?.position ?? 0),
    };
    // A trace of its own: whatever woke the processor (a commit in this process) is not its cause.
    return inSpan(
      `process ${processor.name}`,
      { kind: SpanKind.CONSUMER, attributes, parent: ROOT_CONTEXT },
      () => work(),
    );
  },

  /** One event's span around `work` (a reactor's reaction to it): the commands it sends continue it. */
  event<T>(processor: TracedProcessor, recorded: RecordedEvent, work: () => Promise<T>): Promise<T> {
    return inSpan(
      eventSpanName(processor),
      {
        kind: SpanKind.CONSUMER,
        parent: contextOfTraceParent(recorded.metadata.traceparent),
        attributes: eventAttributes(processor, recorded),
        links: eventLinks(recorded),
      },
      () => work(),
    );
  },

  /**
   * One span per event of a batch that `work` handles as a whole (a projection folds a batch and
   * commits it at once): each starts with the batch and ends when its commit does, so it shows when
   * the event reached the view.
   */
  async events<T>(
    processor: TracedProcessor,
    batch: readonly RecordedEvent[],
    work: () => Promise<T>,
  ): Promise<T> {
    if (!trace.getActiveSpan()?.isRecording() && !batch.some((recorded) => recorded.metadata.traceparent)) {
      return work();
    }
    const spans: Span[] = batch.map((recorded) =>
      tracer.startSpan(
        eventSpanName(processor),
        {
          kind: SpanKind.CONSUMER,
          attributes: eventAttributes(processor, recorded),
          links: eventLinks(recorded),
        },
        contextOfTraceParent(recorded.metadata.traceparent),
      ),
    );
    try {
      return await work();
    } catch (error) {
      for (const span of spans) recordFailure(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  },
};
