import type { RecordedEvent } from '../domain/domain-event.js';
import { type EventStore, UnreadableEventError } from '../event-store/event-store.js';
import { EventFailed, type ProcessorWork } from './processor-work.js';

/** A processor's next batch, and the position the log has been read up to for it. */
export interface LogBatch {
  readonly batch: RecordedEvent[];
  readonly upTo: number;
}

/**
 * The events after `after` that `work` reads, up to `head`; or, when one of them cannot be read
 * back, up to right before it. Once that event is the next one, it fails (EventFailed, not
 * retryable): a processor stops on it like on any event it cannot handle, never skips it.
 */
export async function readLogBatch(
  eventStore: EventStore,
  work: ProcessorWork,
  after: number,
  head: number,
): Promise<LogBatch> {
  const options = { after, limit: work.batchSize, types: work.eventTypes };
  try {
    return { batch: await eventStore.readLog({ ...options, upTo: head }), upTo: head };
  } catch (error) {
    if (!(error instanceof UnreadableEventError)) throw error;
    const upTo = error.position - 1;
    if (upTo <= after) throw new EventFailed(error, error, false);
    return { batch: await eventStore.readLog({ ...options, upTo }), upTo };
  }
}
