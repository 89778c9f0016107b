import type { Logger } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { EventStore } from '../event-store/event-store.js';
import { CheckpointMoved } from './checkpoint-moved.js';
import { CheckpointTracker, IDLE_SAVE_MS } from './checkpoint-tracker.js';
import { readLogBatch } from './log-batch.js';
import { type CheckpointCursor, type FailedEvent, messageOf, type ProcessorWork } from './processor-work.js';
import { afterFailure, RetrySchedule } from './retry-schedule.js';
import { RunnerStatus } from './runner-status.js';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs one processor (ProcessorWork says what its kind does with a batch): reads the log after its
 * checkpoint up to the safe head, a batch at a time, until it reaches the head. Wake-ups while it
 * drains fold into one more pass. An event that fails is tried again with a growing delay, then the
 * runner stops right before it (`failed`) and never skips it; a store or destination that is out is
 * waited out. `stop()` is sticky: from the moment it is called no batch starts and no timer is
 * armed, whatever was being awaited, until `start()`; `close()` is for good.
 */
export class ProcessorRunner extends RunnerStatus {
  private generation = 0;
  private closed = false;
  private draining: Promise<void> | null = null;
  private wokenWhileDraining = false;
  private waitsForStore = false;
  private saveTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private readonly retries: RetrySchedule;
  private readonly checkpoint: CheckpointTracker;
  readonly progress: Observable<number>; // each time the checkpoint moves (in memory or saved)
  private readonly cursor: CheckpointCursor = {
    active: () => this.active,
    commit: (to, effects, ended) => this.commit(to, effects, ended),
    advance: (to) => this.advance(to),
  };

  constructor(
    work: ProcessorWork,
    private readonly eventStore: EventStore,
    private readonly logger: Logger,
  ) {
    super(work);
    this.retries = new RetrySchedule(work.retry);
    this.checkpoint = new CheckpointTracker(work.name, work.checkpoints);
    this.progress = this.checkpoint.progress;
  }

  get position(): number {
    return this.checkpoint.committed;
  }

  /** Starts from the stored checkpoint (an event it had failed on is tried again). */
  async start(): Promise<void> {
    const generation = ++this.generation;
    const stored = await this.checkpoint.load();
    if (this.closed || generation !== this.generation) return;
    this.goOnFrom(stored?.position ?? 0);
    this.error = stored?.lastError ?? null;
    this.failure = null;
    this.state = 'running';
    this.wake();
  }

  /** Stops after the batch (a reactor: the event) in flight, and saves the checkpoint. */
  async stop(): Promise<void> {
    this.generation += 1;
    this.work.stopped?.();
    if (this.state !== 'failed') this.state = 'stopped';
    clearTimeout(this.saveTimer);
    clearTimeout(this.retryTimer);
    this.saveTimer = this.retryTimer = undefined;
    await this.draining;
    if (this.state === 'failed' || !this.checkpoint.unsaved) return;
    await this.commit(this.checkpoint.committed).catch((error: unknown) =>
      this.logger.warn(`${this.label} could not save its checkpoint: ${messageOf(error)}`),
    );
  }

  /** Stops for good (shutdown): a later start() does nothing. */
  close(): Promise<void> {
    this.closed = true;
    return this.stop();
  }

  /** Looks for new events now; cheap to call often (calls while busy fold into one more pass). */
  wake(): void {
    if (!this.active) return;
    if (this.draining) {
      this.wokenWhileDraining = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = null));
  }

  /** A commit proves the store answers: a wait for it ends now (other waits keep their back-off). */
  storeAnswered(): void {
    if (this.state === 'retrying' && this.waitsForStore) this.retryNow();
    else this.wake();
  }

  /** Resumes a failed runner whose checkpoint an operator moved past the event (a skip). */
  resumeAt(position: number): void {
    if (this.state !== 'failed' || position < (this.failure?.position ?? Infinity)) return;
    this.checkpoint.resetTo(position);
    this.failure = null;
    this.error = null;
    this.state = 'running';
    this.wake();
  }

  private async drain(): Promise<void> {
    do {
      this.wokenWhileDraining = false;
      try {
        while (this.active && (await this.timedStep())) await yieldToEventLoop();
      } catch (error) {
        if (!(error instanceof CheckpointMoved)) return this.failedPass(error);
        this.logger.warn(`${this.label}: checkpoint moved elsewhere, to ${error.position}`);
        this.goOnFrom(error.position);
        this.wokenWhileDraining = true;
      }
    } while (this.wokenWhileDraining && this.active);
  }

  private async timedStep(): Promise<boolean> {
    this.busySince = Date.now();
    try {
      return await this.step();
    } finally {
      this.busySince = undefined;
    }
  }

  /** Handles one batch; true when there is more to do at once (a catch-up). */
  private async step(): Promise<boolean> {
    const head = await this.eventStore.headPosition();
    if (!this.active) return false;
    const { checkpoint } = this;
    if (head <= checkpoint.committed) {
      this.state = 'running';
      if (checkpoint.unsaved && checkpoint.idleSaveDue) await this.commit(checkpoint.committed);
      return false;
    }
    const { batch, upTo } = await readLogBatch(this.eventStore, this.work, checkpoint.committed, head);
    if (!this.active) return false;
    const { batchSize } = this.work;
    this.state = head - checkpoint.committed > batchSize ? 'catching-up' : 'running';
    const next = batch.length < batchSize ? upTo : batch[batch.length - 1].position;
    if (batch.length > 0) await this.work.process(batch, next, this.cursor);
    else if (checkpoint.idleSaveDue) await this.commit(next);
    else this.advance(next);
    return this.active && next < head;
  }

  /** Goes on from a checkpoint just read (stored, or moved by another process): the work is told. */
  private goOnFrom(position: number): void {
    this.checkpoint.resetTo(position);
    this.work.resumed?.();
  }

  /** Moves the checkpoint in memory; it is saved once the idle delay is over, if nothing has by then. */
  private advance(to: number): void {
    this.checkpoint.advance(to);
    if (!this.active) return;
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      this.wake();
    }, IDLE_SAVE_MS);
  }

  private async commit(
    to: number,
    effects?: Parameters<CheckpointCursor['commit']>[1],
    ended?: () => void,
  ): Promise<void> {
    await this.checkpoint.commit(to, effects, ended);
    this.retries.committed(to);
    if (this.state !== 'failed') this.error = null;
  }

  /** After a pass that threw: try again later, wait out an outage, or stop on the event. */
  private async failedPass(error: unknown): Promise<void> {
    if (!this.active) return;
    const next = afterFailure(error, this.retries);
    if (next.action === 'fail') return this.fail(next.event, next.reason);
    this.state = 'retrying';
    this.error = next.reason;
    this.waitsForStore = next.store;
    this.logger.warn(`${this.label}: ${next.reason}; trying again in ${next.delayMs} ms`);
    this.retryTimer = setTimeout(() => this.retryNow(), next.delayMs);
  }

  private retryNow(): void {
    clearTimeout(this.retryTimer);
    if (this.state !== 'retrying') return;
    this.state = 'running';
    this.wake();
  }

  /** Stops right before `event`: stored first, so whoever sees `failed` finds it in the store too. */
  private async fail(event: FailedEvent, message: string): Promise<void> {
    this.failure = event;
    this.error = message;
    this.logger.error(`${this.label} stopped before ${message}`);
    await this.checkpoint
      .fail(event.position, message)
      .catch((error: unknown) => this.logger.warn(`${this.label}: ${messageOf(error)}`));
    this.state = 'failed';
  }
}
