import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EventStore, ProcessorStates } from '../../core/index.js';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const STATUSES = [
  'running',
  'catching-up',
  'retrying',
  'rebuilding',
  'failed',
  'standby',
  'stopped',
] as const;

/**
 * The application's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * that several applications in one process (the tests) never share or clash over series.
 */
@Injectable()
export class AppMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'cqrs_commands_total',
    help: 'Commands executed, by command type and outcome (ok or the error category)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commandDuration = new Histogram({
    name: 'cqrs_command_duration_seconds',
    help: 'Time to execute a command, by command type and outcome',
    labelNames: ['type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly queries = new Counter({
    name: 'cqrs_queries_total',
    help: 'Queries executed, by query type and outcome (ok or the error category)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly queryDuration = new Histogram({
    name: 'cqrs_query_duration_seconds',
    help: 'Time to execute a query, by query type and outcome',
    labelNames: ['type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'cqrs_events_appended_total',
    help: 'Events appended to the log by this process (committed), by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly headPosition = new Gauge({
    name: 'cqrs_event_log_head_position',
    help: 'The highest position of the event log that consumers may read',
    registers: [this.registry],
  });
  readonly projectionPosition = new Gauge({
    name: 'cqrs_projection_position',
    help: 'The log position a processor (projection, reactor, forwarder) has handled',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'cqrs_projection_lag',
    help: 'Events of the log a processor has not handled yet (head - position)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly projectionStatus = new Gauge({
    name: 'cqrs_projection_status',
    help: '1 for the status a processor is in, 0 for the others',
    labelNames: ['projection', 'status'] as const,
    registers: [this.registry],
  });
  readonly deadLetters = new Gauge({
    name: 'cqrs_processor_dead_letters',
    help: 'Events a processor has set aside (skipped by an operator), by processor',
    labelNames: ['processor'] as const,
    registers: [this.registry],
  });
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(
    private readonly processors: ProcessorStates,
    private readonly eventStore: EventStore,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The metrics in Prometheus text format, the projections' read at this moment. */
  async render(): Promise<string> {
    const [head, states] = await Promise.all([this.eventStore.headPosition(), this.processors.states()]);
    this.headPosition.set(head);
    for (const { name, position, status, deadLetters, headPosition } of states) {
      this.projectionPosition.set({ projection: name }, position);
      this.deadLetters.set({ processor: name }, deadLetters);
      this.projectionLag.set({ projection: name }, Math.max(0, (headPosition ?? head) - position));
      for (const each of STATUSES) {
        this.projectionStatus.set({ projection: name, status: each }, each === status ? 1 : 0);
      }
    }
    return this.registry.metrics();
  }
}
