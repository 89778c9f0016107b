/**
 * What every consumer of the log has in common, whatever it does with an event: a processor reads
 * the committed log in position order from a checkpoint of its own, in batches, and never skips an
 * event by itself (CONTRACT v2 "processors and dead letters").
 *
 * - `projection`: writes read views, its checkpoint in the same read-store transaction;
 * - `reactor`: a saga or process manager, sends commands with deterministic ids;
 * - `forwarder`: publishes to another service (at least once, in log order).
 */
export type ProcessorKind = 'projection' | 'reactor' | 'forwarder';

/**
 * - `running`: at the head, or close to it; `catching-up`: more than a batch behind;
 * - `retrying`: an event failed and is tried again after a back-off (`lastError` says why);
 * - `failed`: stopped right before the event at `failedPosition`, until an operator skips it;
 * - `rebuilding`: a projection whose view is being rebuilt beside the live one;
 * - `standby`: this process runs the processor's code but another process holds its lease;
 * - `stopped`: not running (shut down).
 */
export type ProcessorStatus =
  'running' | 'catching-up' | 'retrying' | 'failed' | 'rebuilding' | 'standby' | 'stopped';

/** One processor as GET /projections lists it. */
export interface ProcessorState {
  readonly name: string;
  readonly kind: ProcessorKind;
  /** The position of the last event it has finished with. */
  readonly position: number;
  readonly status: ProcessorStatus;
  readonly lastError: string | null;
  /** Where it is `failed`: the position of the event it stopped before. */
  readonly failedPosition: number | null;
  /** How many events it has set aside (operator skips). */
  readonly deadLetters: number;
  /** The head of its own source, for an ExternalProcessor that reports one; else the log's applies. */
  readonly headPosition?: number;
}

/** An event a processor has set aside: an operator skipped it (POST /projections/:name/skip). */
export interface DeadLetter {
  readonly processor: string;
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  /** The error it failed with (the last one, after a failed retry). */
  readonly error: string;
  /** ISO 8601. */
  readonly deadAt: string;
}
