import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import { map, merge, Subject, type Subscription, timer } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { storageFault } from '../database/store-faults.js';
import { WriteTransactions } from '../database/write-transactions.js';
import type { RecordedEvent } from '../domain/domain-event.js';
import { EventStore } from '../event-store/event-store.js';
import { ProcessorSpans } from '../tracing/processor-spans.js';
import { ProcessManager } from './process-manager.js';
import { RelayCheckpointEntity } from './relay-checkpoint.entity.js';
import { RelayedEvent } from './relayed-event.js';

export type RelayStatus = 'running' | 'retrying' | 'stopped';

const BATCH_SIZE = 200;
/** The longest an unsaved checkpoint that no reaction moved waits before it is saved. */
const IDLE_SAVE_MS = 200;
const FIRST_RETRY_MS = 100;
/**
 * The longest wait between two attempts. A commit in this process ends any wait at once (the store
 * answers again), so this bounds only how long a store that came back unnoticed goes unused.
 */
const LAST_RETRY_MS = 5000;

/**
 * Feeds the committed log, in position order and from a checkpoint of its own, to the sagas: every
 * event is published into @nestjs/cqrs's EventBus (for @EventsHandler and @Saga, which it does not
 * await) and handed to every ProcessManager that reacts to it (awaited). The checkpoint moves past
 * an event only once its reactions have finished, so a crash or a failure delivers it again rather
 * than losing it: at-least-once, after commit, also across restarts. A failing reaction is retried
 * with a growing delay and never skipped. Runs in the roles that run projections (all, projector).
 * Never driven by AggregateRoot.commit(): nothing is published that the log does not hold.
 */
@Injectable()
export class EventRelay implements OnApplicationBootstrap, OnModuleDestroy {
  static readonly checkpointName = 'event-relay';

  private readonly logger = new Logger(EventRelay.name);
  private managers: ProcessManager[] = [];
  private committedPosition = 0;
  private savedPosition = 0;
  private savedAt = 0;
  private saveTimer?: NodeJS.Timeout;
  private state: RelayStatus = 'stopped';
  private error: string | null = null;
  private draining: Promise<void> | null = null;
  private wokenWhileDraining = false;
  private failures = 0;
  private retryTimer?: NodeJS.Timeout;
  private wakeUps?: Subscription;
  /** When the read or delivery in flight began; undefined between them. */
  private busySince?: number;
  /** The last failure was the store's (unavailable), not a reaction's. */
  private waitsForStore = false;
  private readonly progressSubject = new Subject<number>();
  /** Emits the position after every delivered event whose checkpoint is saved, and at each batch end. */
  readonly progress = this.progressSubject.asObservable();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly eventStore: EventStore,
    private readonly eventBus: EventBus,
    private readonly writes: WriteTransactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get runs(): boolean {
    return this.config.role === 'all' || this.config.role === 'projector';
  }

  /** The position of the last event whose delivery has finished. */
  get position(): number {
    return this.committedPosition;
  }

  get status(): RelayStatus {
    return this.state;
  }

  get lastError(): string | null {
    return this.error;
  }

  /** How long the read or delivery in flight has taken so far (0 when idle). */
  busyForMs(now = Date.now()): number {
    return this.busySince === undefined ? 0 : now - this.busySince;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.managers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is ProcessManager => instance instanceof ProcessManager);
    if (!this.runs) return;
    const checkpoint = await this.writes.dataSource.manager.findOneBy(RelayCheckpointEntity, {
      name: EventRelay.checkpointName,
    });
    this.committedPosition = this.savedPosition = checkpoint?.position ?? 0;
    this.state = 'running';
    // A commit in this process proves the store answers again: it ends a back-off wait at once.
    // The poll timer does not (it would make the back-off a fixed one-second retry).
    this.wakeUps = merge(
      this.eventStore.appended.pipe(map(() => true)),
      timer(0, this.config.projectionPollMs).pipe(map(() => false)),
    ).subscribe((storeAnswered) => (storeAnswered ? this.retryNow() : this.wake()));
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Stops after the event in flight, whose checkpoint is saved first; for good. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.wakeUps?.unsubscribe();
    clearTimeout(this.retryTimer);
    clearTimeout(this.saveTimer);
    await this.draining;
    await this.saveCheckpoint(this.error).catch(() => undefined);
  }

  /** Looks for new events now; calls while busy fold into one more pass. */
  wake(): void {
    if (this.state !== 'running') return;
    if (this.draining) {
      this.wokenWhileDraining = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = null));
  }

  /**
   * Delivers one event: publishes it into the EventBus and awaits every ProcessManager reacting to
   * it. Public so that a test can deliver an event again, as a crash would.
   */
  async deliver(recorded: RecordedEvent): Promise<boolean> {
    const reacting = this.managers.filter((manager) => manager.handles(recorded.type));
    await RelayedEvent.run(recorded, async () => {
      this.eventBus.publish(recorded.event);
      for (const manager of reacting) {
        await ProcessorSpans.event({ name: manager.name, kind: 'reactor' }, recorded, () =>
          manager.handle(recorded),
        );
      }
    });
    return reacting.length > 0;
  }

  /**
   * Ends a back-off wait now, if it waits for the store, and looks for new events. (A reaction that
   * failed for another reason keeps its back-off: retrying it on every commit would be a hot loop.)
   */
  private retryNow(): void {
    if (this.state === 'retrying' && this.waitsForStore) {
      clearTimeout(this.retryTimer);
      this.state = 'running';
    }
    this.wake();
  }

  private async timedStep(): Promise<boolean> {
    this.busySince = Date.now();
    try {
      return await this.step();
    } finally {
      this.busySince = undefined;
    }
  }

  private async drain(): Promise<void> {
    do {
      this.wokenWhileDraining = false;
      try {
        while (this.state === 'running' && (await this.timedStep())) {
          // keep going until the head
        }
        this.failures = 0;
      } catch (error) {
        this.retryLater(error);
        return;
      }
    } while (this.wokenWhileDraining && this.state === 'running');
  }

  /** Delivers one batch; false once at the head. */
  private async step(): Promise<boolean> {
    const head = await this.eventStore.headPosition();
    if (head <= this.committedPosition) {
      if (Date.now() - this.savedAt >= IDLE_SAVE_MS) await this.saveCheckpoint(null);
      return false;
    }
    const batch = await this.eventStore.readLog({
      after: this.committedPosition,
      upTo: head,
      limit: BATCH_SIZE,
    });
    const deliverAll = async () => {
      for (const recorded of batch) {
        if (this.state !== 'running') break;
        const reacted = await this.deliver(recorded);
        this.committedPosition = recorded.position;
        this.progressSubject.next(recorded.position);
        // After a reaction the checkpoint is saved at once, so a crash repeats as little as possible.
        if (reacted) await this.saveCheckpoint(null);
      }
    };
    // A span for a batch that holds something to react to; the others are only read past.
    const handled = batch.filter((recorded) =>
      this.managers.some((manager) => manager.handles(recorded.type)),
    );
    if (handled.length === 0) await deliverAll();
    else
      await ProcessorSpans.batch({ name: EventRelay.checkpointName, kind: 'reactor' }, handled, deliverAll);
    if (batch.length < BATCH_SIZE && this.state === 'running' && this.committedPosition < head) {
      this.committedPosition = head;
      this.progressSubject.next(head);
    }
    // Events nobody reacted to move the checkpoint in memory; it is saved at most IDLE_SAVE_MS
    // later, not once per command (a crash then delivers them again, which changes nothing).
    if (Date.now() - this.savedAt >= IDLE_SAVE_MS) await this.saveCheckpoint(null);
    else
      this.saveTimer ??= setTimeout(() => {
        this.saveTimer = undefined;
        this.wake();
      }, IDLE_SAVE_MS);
    return this.state === 'running';
  }

  private async saveCheckpoint(lastError: string | null): Promise<void> {
    if (this.committedPosition === this.savedPosition && lastError === this.error) return;
    const position = this.committedPosition;
    await this.writes.run(({ manager }) =>
      manager.upsert(
        RelayCheckpointEntity,
        { name: EventRelay.checkpointName, position, lastError, updatedAt: new Date().toISOString() },
        ['name'],
      ),
    );
    this.savedPosition = position;
    this.savedAt = Date.now();
    this.error = lastError;
  }

  private retryLater(error: unknown): void {
    this.failures += 1;
    const message = `after position ${this.committedPosition}: ${error instanceof Error ? error.message : String(error)}`;
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (this.failures - 1), LAST_RETRY_MS);
    this.waitsForStore = storageFault(error) !== undefined;
    this.logger.warn(`Event relay failed ${message}; retrying in ${delay} ms`);
    if (this.state !== 'running') return;
    this.state = 'retrying';
    void this.saveCheckpoint(message).catch(() => undefined);
    this.retryTimer = setTimeout(() => {
      if (this.state !== 'retrying') return;
      this.state = 'running';
      this.wake();
    }, delay);
  }
}
