import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { ExternalProcessor } from '../processors/external-processor.js';
import type { ProcessorStatus } from '../processors/processor.js';
import {
  deadLetterOf,
  type InboundMessage,
  type InboundOutcome,
  parseJson,
  errorMessage,
} from './inbound-message.js';
import { InboundRuntime } from './inbound-runtime.js';
import { durableConsumer, INBOUND } from './jetstream-streams.js';

const { FIRST_RETRY_MS, LAST_RETRY_MS, BATCH, IN_FLIGHT, ACK_WAIT_MS } = INBOUND;

/**
 * A durable JetStream consumer of one subject, for a feature module's inbound messages: a provider
 * extending it names the subject and handles one parsed message at a time. The core runs it in the
 * roles that run processors, one process at a time (the lease `consumer:<name>`), lists it in GET
 * /projections (position: the highest stream sequence it has finished), and settles every message,
 * up to IN_FLIGHT at once, in no particular order: done → acknowledged; refused, or not JSON →
 * terminated (never redelivered), logged, and recorded as a dead letter of this consumer; a handler
 * that throws → delivered again after a growing delay. JetStream delivers at least once, so
 * `handle` must be idempotent (commands with ids derived from the message: CausedCommands.sendAs).
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
  /** Messages JetStream still holds for it, as the last one delivered said, plus those in hand. */
  private pending = 0;
  private inHand = 0;
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
    // Its lag in GET /projections: the messages it has still to settle, not the log's head.
    const headPosition = position + this.pending + this.inHand;
    // While the connection is down, the client waits to reconnect inside consume(): say so.
    if (status === 'running' && !this.runtime.link.connected)
      return {
        position,
        headPosition,
        status: 'retrying' as const,
        lastError: this.runtime.link.unavailable,
      };
    return { position, headPosition, status, lastError: error };
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
        const settling = new Set<Promise<void>>();
        for await (const message of messages) {
          const settled: Promise<void> = this.settle(message)
            .catch((error: unknown) => this.logger.error(`${this.name}: ${errorMessage(error)}`))
            .finally(() => {
              settling.delete(settled);
              this.inHand = settling.size;
            });
          settling.add(settled);
          this.pending = message.info.pending;
          this.inHand = settling.size;
          if (settling.size >= IN_FLIGHT) await Promise.race(settling);
          if (!this.active) break;
        }
        await Promise.all(settling);
      } catch (error) {
        await this.retryLater(`reading ${this.subject}: ${errorMessage(error)}`);
      }
    }
  }

  private async open(): Promise<ConsumerMessages> {
    const { link } = this.runtime;
    const consumer = await durableConsumer(link.jetStream(), {
      name: this.name,
      subject: this.subject,
      fallbackStream: `${link.config.stream}_INBOUND`,
      ackWaitMs: ACK_WAIT_MS,
    });
    return consumer.consume({ max_messages: BATCH });
  }

  private async settle(message: JsMsg): Promise<void> {
    const inbound: InboundMessage = {
      subject: message.subject,
      sequence: message.seq,
      deliveryCount: message.info.deliveryCount,
      body: parseJson(message),
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
      this.error = `message ${inbound.sequence}: ${errorMessage(error)}`;
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
    await this.runtime.deadLetters.record(deadLetterOf(this.name, message, outcome));
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
