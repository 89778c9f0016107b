import { AckPolicy, type Consumer, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { JetStreamHandle } from './nats-link.js';

/** How an inbound consumer paces itself. */
export const INBOUND = {
  FIRST_RETRY_MS: 250,
  LAST_RETRY_MS: 5000,
  /** Unacknowledged messages JetStream hands the process at a time. */
  BATCH: 64,
  /**
   * Messages settled at once: each is a command of its own, and commands that wait share a commit
   * (deliveries are independent of each other; two of one delivery meet in its command id).
   */
  IN_FLIGHT: 32,
  /** A message neither acknowledged nor terminated by then (the process died) is delivered again. */
  ACK_WAIT_MS: 30_000,
} as const;

/** How long JetStream remembers a Nats-Msg-Id (its default): a duplicate within it is dropped. */
export const DUPLICATE_WINDOW_MS = 120_000;

function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

/**
 * The stream `name` capturing `subjects`, created when missing (another process may create it at the
 * same moment: then it is there, which is all that was wanted). An existing stream is left as its
 * operator configured it.
 */
export async function ensureStream(
  { jsm }: JetStreamHandle,
  name: string,
  subjects: readonly string[],
): Promise<void> {
  try {
    await jsm.streams.info(name);
    return;
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.StreamNotFound)) throw error;
  }
  try {
    await jsm.streams.add({ name, subjects: [...subjects], duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
  } catch (error) {
    await jsm.streams.info(name).catch(() => Promise.reject(error));
  }
}

/** The name of the stream that captures `subject`, if any. */
export async function streamOf({ jsm }: JetStreamHandle, subject: string): Promise<string | undefined> {
  try {
    return await jsm.streams.find(subject);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound) || /no stream matches/i.test(String(error)))
      return undefined;
    throw error;
  }
}

export interface DurableConsumerOptions {
  /** The durable consumer's name. */
  readonly name: string;
  readonly subject: string;
  /** The stream to create (capturing `inbound.>`) when no stream captures `subject`. */
  readonly fallbackStream: string;
  /** A message neither acknowledged nor terminated by then is delivered again. */
  readonly ackWaitMs: number;
}

/**
 * The durable pull consumer `name` of `subject`, on the stream that captures the subject (created
 * when there is none), created with explicit acknowledgements when missing. An existing one is
 * used as its operator left it.
 */
export async function durableConsumer(
  handle: JetStreamHandle,
  options: DurableConsumerOptions,
): Promise<Consumer> {
  const { name, subject, fallbackStream, ackWaitMs } = options;
  let stream = await streamOf(handle, subject);
  if (!stream) {
    stream = fallbackStream;
    await ensureStream(handle, stream, ['inbound.>']);
  }
  try {
    await handle.jsm.consumers.info(stream, name);
  } catch (error) {
    if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
    await handle.jsm.consumers.add(stream, {
      durable_name: name,
      filter_subject: subject,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(ackWaitMs),
      max_ack_pending: 1000,
    });
  }
  return handle.js.consumers.get(stream, name);
}
