import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { JetStreamHandle } from './nats-link.js';

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
