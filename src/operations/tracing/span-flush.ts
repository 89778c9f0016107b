import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ProxyTracerProvider, trace, type TracerProvider } from '@opentelemetry/api';

interface Flushable {
  forceFlush(): Promise<void>;
}

const flushable = (provider: TracerProvider): provider is TracerProvider & Flushable =>
  typeof (provider as Partial<Flushable>).forceFlush === 'function';

/**
 * Exports the spans the SDK still holds (the batch processor sends every few seconds) as the
 * application shuts down, since main exits right after: the last requests and checkpoints of a
 * stopping process stay in their traces. Whichever SDK is registered (ours, or a host's); a no-op
 * with tracing off.
 */
@Injectable()
export class SpanFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    const global = trace.getTracerProvider();
    const provider = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
    if (flushable(provider)) await provider.forceFlush().catch(() => undefined);
  }
}
