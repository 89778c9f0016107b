import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import {
  AckPolicy,
  type ConsumerMessages,
  JetStreamApiCodes,
  JetStreamApiError,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { ExternalProcessor } from '../processors/external-processor.js';
import type { ProcessorStatus } from '../processors/processor.js';
import { type InboundMessage, type InboundOutcome } from './inbound-message.js';
import { InboundRuntime } from './inbound-runtime.js';
import { ensureStream, streamOf } from './jetstream-streams.js';

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5000;
/** Unacknowledged messages JetStream hands this process at a time. */
const BATCH = 64;
/** A message neither acknowledged nor refused by then (the process died) is delivered again. */
const ACK_WAIT_MS = 30_000;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A durable JetStream consumer of one subject, for a feature module's inbound messages: a provider
 * extending it names the subject and handles one parsed message at a time. The core runs it in the
 * roles that run processors, one process at a time (the lease `consumer:<name>`), lists it in GET
 * /projections (position: the stream sequence of the last message it finished), and settles every
 * message: done → acknowledged; refused, or not JSON → terminated (never redelivered), logged, and
 * recorded as a dead letter of this consumer; a handler that throws → delivered again after a
 * growing delay. JetStream delivers at least once, so `handle` must be idempotent (commands with ids
 * derived from the message, through CausedCommands.sendAs).
 */
export abstract class JetStreamConsumer
  extends ExternalProcessor
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly kind = 'reactor' as const;
  /** The subject it reads, e.g. `inbound.inventory.deliveries`. */
  abstract readonly subject: string;

  protected readonly logger = new Logger(this.constructor.name);
  private status: ProcessorStatus = 'stopped';
  private error: string | null = null;
  private position = 0;
  private active = false;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private failures = 0;
  private wait?: { timer: NodeJS.Timeout; done: () => void };

  constructor(private readonly runtime: InboundRuntime) {
    super();
  }

  /** Settles one message; see the class comment. */
  protected abstract handle(message: InboundMessage): Promise<InboundOutcome>;

  state() {
    const { position, status, error } = this;
    // While the connection is down, the client waits to reconnect inside consume(): say so.
    if (status === 'running' && !this.runtime.link.connected)
      return { position, status: 'retrying' as const, lastError: this.runtime.link.unavailable };
    return { position, status, lastError: error };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runtime.runsProcessors) return;
    this.status = 'standby';
    await this.runtime.lease.hold(`consumer:${this.name}`, {
      acquired: async () => this.start(),
      lost: () => this.stop('standby'),
    });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop('stopped');
  }

  private start(): void {
    if (this.active) return;
    this.active = true;
    this.status = 'running';
    this.loop = this.run();
  }

  private async stop(status: ProcessorStatus): Promise<void> {
    this.active = false;
    this.wait?.done();
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    this.status = status;
  }

  /** Consumes until stopped; a broken connection, stream or consumer is set up again after a wait. */
  private async run(): Promise<void> {
    while (this.active) {
      try {
        const messages = await this.open();
        this.messages = messages;
        if (this.failures > 0) this.recovered();
        for await (const message of messages) {
          await this.settle(message);
          if (!this.active) break;
        }
      } catch (error) {
        await this.retryLater(`reading ${this.subject}: ${reason(error)}`);
      }
    }
  }

  private async open(): Promise<ConsumerMessages> {
    const handle = this.runtime.link.jetStream();
    let stream = await streamOf(handle, this.subject);
    if (!stream) {
      stream = `${this.runtime.link.config.stream}_INBOUND`;
      await ensureStream(handle, stream, ['inbound.>']);
    }
    try {
      await handle.jsm.consumers.info(stream, this.name);
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound))
        throw error;
      await handle.jsm.consumers.add(stream, {
        durable_name: this.name,
        filter_subject: this.subject,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(ACK_WAIT_MS),
        max_ack_pending: 1000,
      });
    }
    const consumer = await handle.js.consumers.get(stream, this.name);
    return consumer.consume({ max_messages: BATCH });
  }

  private async settle(message: JsMsg): Promise<void> {
    const inbound: InboundMessage = {
      subject: message.subject,
      sequence: message.seq,
      deliveryCount: message.info.deliveryCount,
      body: parse(message),
    };
    let outcome: InboundOutcome;
    try {
      outcome =
        inbound.body === undefined
          ? { done: false, reason: 'the body is not JSON' }
          : await this.handle(inbound);
      if (!outcome.done) await this.deadLetter(inbound, outcome);
    } catch (error) {
      // Delivered again later, by JetStream: nothing here waits for it, the next message goes on.
      const delay = this.nextDelay();
      this.status = 'retrying';
      this.error = `message ${inbound.sequence}: ${reason(error)}`;
      this.logger.warn(`${this.name}: ${this.error}; delivered again in ${delay} ms`);
      message.nak(delay);
      return;
    }
    if (outcome.done) message.ack();
    else message.term();
    this.position = Math.max(this.position, inbound.sequence);
    if (this.failures > 0) this.recovered();
  }

  private async deadLetter(message: InboundMessage, outcome: Extract<InboundOutcome, { done: false }>) {
    this.logger.warn({
      msg: `${this.name}: refused message ${message.sequence} of ${message.subject}, terminated: ${outcome.reason}`,
      consumer: this.name,
      sequence: message.sequence,
      reason: outcome.reason,
    });
    await this.runtime.deadLetters.record({
      processor: this.name,
      position: message.sequence,
      eventId: (outcome.id ?? `${message.subject}:${message.sequence}`).slice(0, 100),
      type: message.subject,
      streamId: (outcome.about ?? '').slice(0, 200),
      error: outcome.reason,
      deadAt: new Date().toISOString(),
    });
  }

  private nextDelay(): number {
    this.failures += 1;
    return Math.min(FIRST_RETRY_MS * 2 ** (this.failures - 1), LAST_RETRY_MS);
  }

  private recovered(): void {
    this.failures = 0;
    this.error = null;
    this.status = 'running';
  }

  private async retryLater(message: string): Promise<void> {
    const delay = this.nextDelay();
    if (!this.active) return;
    this.status = 'retrying';
    this.error = message;
    if (this.failures === 1 || delay === LAST_RETRY_MS)
      this.logger.warn(`${this.name}: ${message}; retrying in ${delay} ms`);
    await new Promise<void>((done) => (this.wait = { timer: setTimeout(done, delay), done }));
    clearTimeout(this.wait?.timer);
    this.wait = undefined;
  }
}

function parse(message: JsMsg): unknown {
  try {
    return message.json<unknown>();
  } catch {
    return undefined;
  }
}
