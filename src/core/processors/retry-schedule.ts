import { asStoreUnavailable } from '../database/store-faults.js';
import { DestinationUnavailableError } from './destination-unavailable.error.js';
import { EventFailed, type FailedEvent, messageOf } from './processor-work.js';
import type { RetryPolicy } from './reactor.js';

/**
 * The waits of one runner: attempts at the event that fails (counted towards `failed`, reset once
 * the checkpoint passes it) and waits out an outage (never counted, growing to the longest delay).
 */
export class RetrySchedule {
  private failingAt = -1;
  private attempts = 0;
  private waits = 0;

  constructor(readonly policy: RetryPolicy) {}

  /** How many times the event at the failing position has failed in a row. */
  get attemptsMade(): number {
    return this.attempts;
  }

  /** The event at `position` failed: the wait before the next attempt, or undefined to give up. */
  failed(position: number): number | undefined {
    if (position !== this.failingAt) {
      this.failingAt = position;
      this.attempts = 0;
    }
    this.attempts += 1;
    return this.attempts >= this.policy.attempts ? undefined : this.delay(this.attempts);
  }

  /** The store or the destination is out: the wait before looking again. */
  unavailable(): number {
    this.waits += 1;
    return this.delay(this.waits);
  }

  /** The checkpoint reached `position`: the counts start again. */
  committed(position: number): void {
    this.waits = 0;
    if (position >= this.failingAt) {
      this.failingAt = -1;
      this.attempts = 0;
    }
  }

  private delay(count: number): number {
    const { firstDelayMs, maxDelayMs } = this.policy;
    return Math.min(firstDelayMs * 2 ** (count - 1), maxDelayMs);
  }
}

/** What a runner does after a pass that threw. */
export type AfterFailure =
  | { readonly action: 'fail'; readonly event: FailedEvent; readonly reason: string }
  | { readonly action: 'retry'; readonly delayMs: number; readonly reason: string; readonly store: boolean };

/**
 * An event that failed is tried again until its attempts are spent, then the runner fails on it;
 * an outage (the store, a destination) or a read that failed is waited out, without limit.
 */
export function afterFailure(error: unknown, retries: RetrySchedule): AfterFailure {
  const cause = error instanceof EventFailed ? error.cause : error;
  const store = asStoreUnavailable(cause)?.reason;
  if (
    error instanceof EventFailed &&
    store === undefined &&
    !(cause instanceof DestinationUnavailableError)
  ) {
    const delayMs = error.retryable ? retries.failed(error.event.position) : undefined;
    if (delayMs === undefined) return { action: 'fail', event: error.event, reason: error.message };
    const reason = `${error.message} (attempt ${retries.attemptsMade} of ${retries.policy.attempts})`;
    return { action: 'retry', delayMs, reason, store: false };
  }
  const reason = store === undefined ? messageOf(cause) : `store unavailable: ${store}`;
  return { action: 'retry', delayMs: retries.unavailable(), reason, store: store !== undefined };
}
