import {
  type Attributes,
  type Context,
  context,
  type Link,
  ProxyTracer,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { DomainError } from '../domain/domain-error.js';

/**
 * The core's spans go through the global tracer of @opentelemetry/api: a no-op until an SDK is
 * registered (see src/tracing.ts), so the core costs next to nothing with tracing off and a host
 * application brings its own SDK.
 */
export const tracer = trace.getTracer('nest-cqrs-core');

/**
 * Whether an SDK has registered a tracer provider by now: until one does, the API hands out proxy
 * tracers whose spans record nothing. For what costs every request even when it has no span to
 * touch (an interceptor), decided once at start.
 */
export function tracerProviderRegistered(): boolean {
  return !(trace.getTracer('nest-cqrs-core') instanceof ProxyTracer);
}

/** Attribute names of the core's spans (OpenTelemetry's where one exists, `cqrs.*` otherwise). */
export const CqrsAttributes = {
  COMMAND_TYPE: 'cqrs.command.type',
  QUERY_TYPE: 'cqrs.query.type',
  OUTCOME: 'cqrs.outcome',
  AGGREGATE_ID: 'cqrs.aggregate.id',
  EXPECTED_VERSION: 'cqrs.aggregate.expected_version',
  RESULTING_VERSION: 'cqrs.aggregate.version',
  POSITION: 'cqrs.position',
  STREAM_ID: 'cqrs.stream.id',
  STREAM_TYPE: 'cqrs.stream.type',
  STREAM_VERSION: 'cqrs.stream.version',
  EVENTS: 'cqrs.events',
  EVENT_TYPES: 'cqrs.event.types',
  LOADED_FROM: 'cqrs.load.source',
  GROUP_COMMIT_SIZE: 'cqrs.group_commit.size',
  PROCESSOR: 'cqrs.processor.name',
  PROCESSOR_KIND: 'cqrs.processor.kind',
  FROM_POSITION: 'cqrs.position.from',
  TO_POSITION: 'cqrs.position.to',
  EVENT_TYPE: 'cqrs.event.type',
  CORRELATION_ID: 'cqrs.correlation_id',
  /** OpenTelemetry's own. */
  ERROR_TYPE: 'error.type',
  MESSAGING_SYSTEM: 'messaging.system',
  MESSAGING_OPERATION: 'messaging.operation.name',
  MESSAGING_OPERATION_TYPE: 'messaging.operation.type',
  MESSAGING_DESTINATION: 'messaging.destination.name',
  MESSAGING_CONSUMER_GROUP: 'messaging.consumer.group.name',
  MESSAGING_MESSAGE_ID: 'messaging.message.id',
  MESSAGING_BATCH_COUNT: 'messaging.batch.message_count',
  DB_SYSTEM: 'db.system.name',
} as const;

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  readonly links?: Link[];
  /** The parent; the active context when omitted. */
  readonly parent?: Context;
}

/** Marks a span failed by `error`: its code for a domain error, its class name otherwise. */
export function recordFailure(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  if (error instanceof DomainError) {
    span.setAttributes({ [CqrsAttributes.OUTCOME]: error.category, [CqrsAttributes.ERROR_TYPE]: error.code });
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
    return;
  }
  const type = error instanceof Error ? error.constructor.name : typeof error;
  span.setAttributes({ [CqrsAttributes.OUTCOME]: 'error', [CqrsAttributes.ERROR_TYPE]: type });
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : type });
}

/**
 * Runs `work` in a new span, active for everything it awaits, which ends when `work` settles; a
 * throw marks it failed. With tracing off (or the trace sampled out) the span is a non-recording
 * one: it still carries the trace's context, so what `work` appends keeps the sampling decision.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}
