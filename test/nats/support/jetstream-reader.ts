import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/** What a test reads back from a stream: every message, with its Nats-Msg-Id and parsed body. */
export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly body: Record<string, unknown>;
}

/** A client of the test's own, to publish deliveries and read back what the application published. */
export class JetStreamClient {
  private constructor(
    readonly connection: NatsConnection,
    readonly jsm: JetStreamManager,
  ) {}

  static async open(url: string): Promise<JetStreamClient> {
    const connection = await connect({ servers: url, timeout: 5000 });
    return new JetStreamClient(connection, await jetstreamManager(connection));
  }

  /** Every message of `stream`, in order ([] when the stream does not exist). */
  async messages(stream: string): Promise<StoredMessage[]> {
    const info = await this.jsm.streams.info(stream).catch(() => undefined);
    if (!info) return [];
    const found: StoredMessage[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await this.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!message) continue;
      found.push({
        seq,
        subject: message.subject,
        msgId: message.header?.get('Nats-Msg-Id') || undefined,
        body: message.json<Record<string, unknown>>(),
      });
    }
    return found;
  }

  /** Publishes `body` (an object as JSON, a string as it is) as another service would. */
  async publish(subject: string, body: unknown, msgID?: string): Promise<void> {
    const { jetstream } = await import('@nats-io/jetstream');
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    await jetstream(this.connection).publish(subject, payload, msgID ? { msgID } : undefined);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
