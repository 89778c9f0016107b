import { Subject } from 'rxjs';
import type { EntityManager } from 'typeorm';
import type { Checkpoints, StoredCheckpoint } from './checkpoints.js';

/**
 * A stretch of the log that holds nothing a processor handles moves its checkpoint in memory at
 * once, and is saved at most this much later: a commit per command per idle processor would cost
 * more than all the work. After a crash the stretch is read again, and holds nothing to handle.
 */
export const IDLE_SAVE_MS = 200;

/** One runner's checkpoint: where it has got (`committed`) and where it last saved it (`saved`). */
export class CheckpointTracker {
  committed = 0;
  private saved = 0;
  private savedAt = 0;
  private readonly progressSubject = new Subject<number>();
  /** Emits the position each time the checkpoint moves (in memory or saved). */
  readonly progress = this.progressSubject.asObservable();

  constructor(
    private readonly name: string,
    private readonly checkpoints: Checkpoints,
  ) {}

  async load(): Promise<StoredCheckpoint | undefined> {
    return this.checkpoints.load(this.name);
  }

  /** Goes on from `position`, saved there (the stored checkpoint, or where another process moved it). */
  resetTo(position: number): void {
    this.committed = this.saved = position;
    this.progressSubject.next(position);
  }

  get unsaved(): boolean {
    return this.saved < this.committed;
  }

  get idleSaveDue(): boolean {
    return Date.now() - this.savedAt >= IDLE_SAVE_MS;
  }

  /**
   * Moves the checkpoint to `to` (fenced, see Checkpoints.move), with `effects` in the transaction;
   * `ended` runs once the transaction has ended, committed or not, before the checkpoint moves here.
   */
  async commit(
    to: number,
    effects?: (manager: EntityManager) => Promise<void>,
    ended?: () => void,
  ): Promise<void> {
    try {
      await this.checkpoints.store.run(async ({ manager }) => {
        await this.checkpoints.move(manager, this.name, this.saved, to);
        await effects?.(manager);
      });
    } finally {
      ended?.();
    }
    this.saved = to;
    this.savedAt = Date.now();
    this.advance(to);
  }

  /** Moves it in memory only; saved later. */
  advance(to: number): void {
    this.committed = to;
    this.progressSubject.next(to);
  }

  /** Records the runner stopped before the event at `failedPosition`, the checkpoint where it was saved. */
  fail(failedPosition: number, error: string): Promise<void> {
    return this.checkpoints.fail(this.name, this.saved, failedPosition, error);
  }
}
