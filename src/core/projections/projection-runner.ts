import type { Logger } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { TransactionRunner } from '../database/transaction-runner.js';
import type { RecordedEvent } from '../domain/domain-event.js';
import type { EventStore } from '../event-store/event-store.js';
import type { EntityManager } from 'typeorm';
import { CheckpointEntity } from './checkpoint.entity.js';
import { CheckpointMoved } from './checkpoint-moved.js';
import type { Projection } from './projection.js';

export type ProjectionStatus = 'running' | 'catching-up' | 'rebuilding' | 'failed' | 'stopped';

/** A batch this large or more behind the head is "catching up" rather than "running". */
const BATCH_SIZE = 500;

/**
 * Runs one projection: reads the log after its checkpoint, applies a batch of events and moves the
 * checkpoint in one read-store transaction, and repeats until it reaches the head. At-least-once
 * delivery with exactly-once effect: a crash between batches replays the uncommitted batch only.
 * A failing event stops the projection there with its error; it is never skipped.
 */
export class ProjectionRunner {
  private committedPosition = 0;
  private state: ProjectionStatus = 'stopped';
  private error: string | null = null;
  private draining: Promise<void> | null = null;
  private wokenWhileDraining = false;
  private readonly progressSubject = new Subject<number>();
  /** Emits the position after every committed batch. */
  readonly progress = this.progressSubject.asObservable();

  constructor(
    readonly projection: Projection,
    private readonly eventStore: EventStore,
    private readonly reads: TransactionRunner,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.projection.name;
  }

  get position(): number {
    return this.committedPosition;
  }

  get status(): ProjectionStatus {
    return this.state;
  }

  get lastError(): string | null {
    return this.error;
  }

  async start(): Promise<void> {
    const checkpoint = await this.reads.dataSource.manager.findOneBy(CheckpointEntity, { name: this.name });
    this.committedPosition = checkpoint?.position ?? 0;
    this.error = null;
    this.state = 'running';
    this.wake();
  }

  /** Looks for new events now; cheap to call often (calls while busy fold into one more pass). */
  wake(): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    if (this.draining) {
      this.wokenWhileDraining = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = null));
  }

  /** Stops after the batch in flight, whose checkpoint is then saved. */
  async stop(): Promise<void> {
    if (this.state !== 'failed') this.state = 'stopped';
    await this.draining;
  }

  private async drain(): Promise<void> {
    do {
      this.wokenWhileDraining = false;
      while (this.isActive() && (await this.step())) {
        // keep going until the head
      }
    } while (this.wokenWhileDraining && this.isActive());
  }

  private isActive(): boolean {
    return this.state === 'running' || this.state === 'catching-up';
  }

  /** Applies one batch; false when there was nothing to do or the projection failed. */
  private async step(): Promise<boolean> {
    let head: number;
    let batch: RecordedEvent[];
    try {
      head = await this.eventStore.headPosition();
      if (head <= this.committedPosition) {
        this.state = 'running';
        return false;
      }
      batch = await this.eventStore.readLog({
        after: this.committedPosition,
        upTo: head,
        limit: BATCH_SIZE,
        types: this.projection.eventTypes,
      });
    } catch (error) {
      this.logger.warn(`Projection ${this.name} could not read the log: ${String(error)}`);
      return false;
    }
    this.state = head - this.committedPosition > BATCH_SIZE ? 'catching-up' : 'running';
    // The filter by type can leave nothing to apply; the checkpoint still moves up to the head.
    const next = batch.length < BATCH_SIZE ? head : batch[batch.length - 1].position;
    try {
      await this.commit(batch, next);
      return true;
    } catch (error) {
      if (error instanceof CheckpointMoved) return this.resumeFrom(error.position);
      // Apply the batch one event at a time, so the checkpoint stops right before the bad event.
      return this.applyOneByOne(batch, next);
    }
  }

  private async applyOneByOne(batch: RecordedEvent[], next: number): Promise<boolean> {
    for (const recorded of batch) {
      try {
        await this.commit([recorded], recorded.position);
      } catch (error) {
        if (error instanceof CheckpointMoved) return this.resumeFrom(error.position);
        await this.fail(recorded, error);
        return false;
      }
    }
    await this.commit([], next);
    return true;
  }

  private async commit(batch: RecordedEvent[], next: number): Promise<void> {
    await this.reads.run(async ({ manager }) => {
      await this.moveCheckpoint(manager, next);
      for (const recorded of batch) await this.projection.apply(recorded, manager);
    });
    this.committedPosition = next;
    this.progressSubject.next(next);
  }

  /**
   * Moves the checkpoint from where this runner left it, or throws CheckpointMoved: the fence that
   * keeps a runner that has lost its lease (another process took over) from applying a batch twice.
   * On PostgreSQL the update locks the row until commit, so of two runners only one can move it.
   */
  private async moveCheckpoint(manager: EntityManager, next: number): Promise<void> {
    const row = { position: next, lastError: null, updatedAt: new Date().toISOString() };
    const moved = await manager.update(
      CheckpointEntity,
      { name: this.name, position: this.committedPosition },
      row,
    );
    if (moved.affected) return;
    const current = await manager.findOneBy(CheckpointEntity, { name: this.name });
    if (current) throw new CheckpointMoved(current.position);
    await manager.insert(CheckpointEntity, { name: this.name, ...row });
  }

  /** Someone else moved the checkpoint: go on from there (its batch was applied once, by it). */
  private resumeFrom(position: number): boolean {
    this.logger.warn(`Projection ${this.name}: checkpoint moved by another runner; resuming at ${position}`);
    this.committedPosition = position;
    return true;
  }

  private async fail(recorded: RecordedEvent, error: unknown): Promise<void> {
    const message = `${recorded.type} at position ${recorded.position}: ${error instanceof Error ? error.message : String(error)}`;
    this.state = 'failed';
    this.error = message;
    this.logger.error(`Projection ${this.name} stopped on ${message}`);
    await this.reads
      .run(({ manager }) =>
        manager.upsert(
          CheckpointEntity,
          {
            name: this.name,
            position: this.committedPosition,
            lastError: message,
            updatedAt: new Date().toISOString(),
          },
          ['name'],
        ),
      )
      .catch(() => undefined);
  }
}
