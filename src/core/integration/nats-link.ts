import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { NatsConfig } from '../config/nats-config.js';
import { DestinationUnavailableError } from '../processors/destination-unavailable.error.js';

/** The longest a JetStream request (a publication's acknowledgement, an API call) waits. */
const REQUEST_TIMEOUT_MS = 2000;
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5000;

/** What a forwarder or a consumer uses of the connection. */
export interface JetStreamHandle {
  readonly connection: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

/**
 * The application's one connection to NATS (NATS_URL). It never holds up the start: it connects in
 * the background and keeps trying (a refused first connection included) until the application
 * stops; once connected, the client reconnects by itself, forever. Whoever asks for it while it is
 * down gets a DestinationUnavailableError that says why, which the processors wait out.
 */
@Injectable()
export class NatsLink implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NatsLink.name);
  private readonly settings: NatsConfig;
  private handle?: JetStreamHandle;
  private up = false;
  private problem = 'not connected yet';
  private closing = false;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  /** Each new connection (and each reconnection), so that a user can set up again what it needs. */
  private generationCount = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (!config.nats) throw new Error('NatsLink needs NATS_URL');
    this.settings = config.nats;
  }

  get config(): NatsConfig {
    return this.settings;
  }

  /** Whether the connection is up now. */
  get connected(): boolean {
    return this.up;
  }

  /** Why there is no connection now, as a DestinationUnavailableError would say it. */
  get unavailable(): string {
    return `NATS is unavailable: ${this.problem} (${this.settings.servers.join(', ')})`;
  }

  /** Grows with every (re)connection: a stream checked under an older one is checked again. */
  get generation(): number {
    return this.generationCount;
  }

  onApplicationBootstrap(): void {
    void this.open();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const connection = this.handle?.connection;
    this.handle = undefined;
    this.up = false;
    // drain(): what was published is flushed and every subscription ends before the socket closes.
    await connection?.drain().catch(() => connection.close());
  }

  /** The connection, or a DestinationUnavailableError saying why there is none. */
  jetStream(): JetStreamHandle {
    if (!this.handle || !this.up)
      throw new DestinationUnavailableError('NATS', `${this.problem} (${this.settings.servers.join(', ')})`);
    return this.handle;
  }

  private async open(): Promise<void> {
    if (this.closing) return;
    try {
      const connection = await connect({
        servers: [...this.settings.servers],
        name: 'nest-cqrs-app',
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        timeout: REQUEST_TIMEOUT_MS,
      });
      if (this.closing) return void (await connection.close());
      this.handle = {
        connection,
        js: jetstream(connection, { timeout: REQUEST_TIMEOUT_MS }),
        jsm: await jetstreamManager(connection, { timeout: REQUEST_TIMEOUT_MS, checkAPI: false }),
      };
      this.failures = 0;
      this.markUp(`connected to NATS at ${connection.getServer()}`);
      void this.watch(connection);
    } catch (error) {
      this.failures += 1;
      this.problem = `cannot connect: ${reason(error)}`;
      const delay = Math.min(FIRST_RETRY_MS * 2 ** (this.failures - 1), LAST_RETRY_MS);
      if (this.failures === 1 || delay === LAST_RETRY_MS)
        this.logger.warn(
          `NATS ${this.problem} (${this.settings.servers.join(', ')}); retrying every ${delay} ms`,
        );
      this.retryTimer = setTimeout(() => void this.open(), delay);
    }
  }

  private markUp(message: string): void {
    this.up = true;
    this.generationCount += 1;
    this.problem = 'connected';
    this.logger.log(message);
  }

  private async watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.up = false;
        this.problem = `disconnected from ${status.server}, reconnecting`;
        this.logger.warn(`NATS ${this.problem}`);
      } else if (status.type === 'reconnect') this.markUp(`reconnected to NATS at ${status.server}`);
    }
    // The status iterator ends when the connection is closed for good.
    if (this.closing) return;
    this.up = false;
    this.problem = 'connection closed';
    this.handle = undefined;
    void this.open();
  }
}

function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
