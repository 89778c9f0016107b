import { trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { tracerProviderRegistered } from './tracer.js';

describe('tracerProviderRegistered', () => {
  afterEach(() => trace.disable());

  it('is false until an SDK registers a provider, then true', () => {
    expect(tracerProviderRegistered()).toBe(false);
    trace.setGlobalTracerProvider(new tracing.BasicTracerProvider());
    expect(tracerProviderRegistered()).toBe(true);
  });
});
