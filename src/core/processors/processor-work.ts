import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../domain/domain-event.js';
import type { Checkpoints } from './checkpoints.js';
import type { ProcessorKind } from './processor.js';
import type { RetryPolicy } from './reactor.js';

/** What the runner lends a batch's work: the checkpoint, and whether to go on. */
export interface CheckpointCursor {
  /** False once the runner is told to stop: a reactor ends its batch between two events. */
  active(): boolean;
  /**
   * Saves the checkpoint at `to` (fenced), with `effects` in the same transaction; `ended` runs once
   * that transaction has ended, committed or not, before the checkpoint moves in memory.
   */
  commit(to: number, effects?: (manager: EntityManager) => Promise<void>, ended?: () => void): Promise<void>;
  /** Moves it to `to` in memory, saved within the idle delay (for work that a repeat does not harm). */
  advance(to: number): void;
}

/**
 * What one kind of processor does with a batch (ProjectionWork, ReactorWork); the runner does the
 * rest: reading, checkpoints, wake-ups, stop, retries, status.
 */
export interface ProcessorWork {
  readonly name: string;
  readonly kind: ProcessorKind;
  /** The type names it reads; undefined for every event. */
  readonly eventTypes: readonly string[] | undefined;
  readonly retry: RetryPolicy;
  readonly batchSize: number;
  /** Where its checkpoint lives (and its dead letters). */
  readonly checkpoints: Checkpoints;
  /**
   * Handles a batch (not empty) and commits the checkpoint up to `next`. When one event fails, it
   * commits the checkpoint right before it and throws EventFailed.
   */
  process(batch: readonly RecordedEvent[], next: number, cursor: CheckpointCursor): Promise<void>;
  /** Handles one event again, outside the log's order (a dead letter's retry); projections cannot. */
  redeliver?(recorded: RecordedEvent): Promise<void>;
  /**
   * The runner goes on from a checkpoint it has just read (it started, or another process moved
   * it): whatever the work remembers of its output may be out of date.
   */
  resumed?(): void;
  /** The runner stops (from the call on, no batch of it starts): nothing it writes may be assumed. */
  stopped?(): void;
}

/** Enough of an event to say which one failed, even one that cannot be read back. */
export type FailedEvent = Pick<RecordedEvent, 'position' | 'type'>;

/** The event a processor could not handle, and why. */
export class EventFailed extends Error {
  constructor(
    readonly event: FailedEvent,
    override readonly cause: unknown,
    /** False when trying again cannot help (an event that cannot be read back). */
    readonly retryable = true,
  ) {
    super(`${event.type} at position ${event.position}: ${messageOf(cause)}`, { cause });
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
