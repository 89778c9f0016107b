import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { merge, type Subscription, timer } from 'rxjs';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { VIEW_READER } from '../database/data-source-names.js';
import { ReadTransactions } from '../database/write-transactions.js';
import { ConsistencyTimeoutError, NotFoundError } from '../domain/domain-error.js';
import { THE_LOG } from '../consistency/reads-views.decorator.js';
import { EventStore } from '../event-store/event-store.js';
import { CheckpointEntity } from './checkpoint.entity.js';
import { LogNotifier } from './log-notifier.js';
import { Projection } from './projection.js';
import { ProjectionRebuild } from './projection-rebuild.js';
import { ProjectionRunner, type ProjectionStatus } from './projection-runner.js';
import { ProjectorLease } from './projector-lease.js';
import { RebuildInProgressError } from './rebuild-in-progress.error.js';
import { ShadowTables } from './shadow-tables.js';

export interface ProjectionState {
  readonly name: string;
  readonly position: number;
  readonly status: ProjectionStatus;
  readonly lastError: string | null;
}

/** How often a wait for a read position re-checks views that run in another process. */
const REMOTE_POLL_MS = 20;

/**
 * Finds every Projection provider, runs each in its own ProjectionRunner where this process's role
 * runs projections and holds that projection's lease (one runner per projection across processes),
 * wakes them right after a local commit, on a notification of another process's commit, and on a
 * timer for anything missed, and answers how far each view has got.
 */
@Injectable()
export class ProjectionManager implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectionManager.name);
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly rebuilds = new Map<string, ProjectionRebuild>();
  /** Why the last rebuild of a projection failed, until the next one starts. */
  private readonly rebuildErrors = new Map<string, string>();
  private projections: Projection[] = [];
  private wakeUps?: Subscription;
  private stopping?: Promise<void>;
  /** Runs outside any request's context, so a batch's logs do not carry the ids of whoever woke it. */
  private readonly outsideRequests = AsyncLocalStorage.snapshot();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly eventStore: EventStore,
    private readonly reads: ReadTransactions,
    @InjectDataSource(VIEW_READER) private readonly views: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lease: ProjectorLease,
    private readonly notifier: LogNotifier,
  ) {}

  get runsProjections(): boolean {
    return this.config.role === 'all' || this.config.role === 'projector';
  }

  /**
   * On embedded SQLite this process alone owns the read store: rebuild leftovers go before anything
   * is bootstrapped. (Not in onApplicationBootstrap: that hook's length delays @nestjs/cqrs binding
   * its event handlers, while the event relay may already publish into the EventBus.) On PostgreSQL
   * they go when this process takes a projection's lease (startRunner): another process may be
   * rebuilding a projection it holds.
   */
  async onModuleInit(): Promise<void> {
    if (!this.runsProjections || this.reads.dataSource.options.type === 'postgres') return;
    for (const projection of this.discoverProjections()) await this.dropRebuildLeftovers(projection);
  }

  private discoverProjections(): Projection[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is Projection => instance instanceof Projection);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.projections = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is Projection => instance instanceof Projection);
    if (!this.runsProjections) return;
    await this.notifier.listen();
    this.wakeUps = merge(
      this.eventStore.appended,
      this.notifier.notified,
      timer(this.config.projectionPollMs, this.config.projectionPollMs),
    ).subscribe(() => this.wakeAll());
    for (const projection of this.projections) {
      await this.lease.hold(`projection:${projection.name}`, {
        acquired: () => this.startRunner(projection),
        lost: () => this.stopRunner(projection.name),
      });
    }
  }

  /** Before the DataSources close (their onApplicationShutdown), so the batch in flight can commit. */
  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /**
   * Aborts rebuilds and stops every runner after the batch in flight, whose checkpoint is saved, then
   * gives up the leases. Call it while the stores are still open; the operations module's graceful
   * shutdown calls it once the HTTP requests in flight are answered. Calls after the first wait for it.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    this.wakeUps?.unsubscribe();
    await Promise.all([...this.rebuilds.values()].map((rebuild) => rebuild.abort()));
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    // Only once the runners have saved their checkpoints may another process take over.
    await this.lease.releaseAll();
    await this.notifier.close();
  }

  private async startRunner(projection: Projection): Promise<void> {
    if (this.reads.dataSource.options.type === 'postgres') await this.dropRebuildLeftovers(projection);
    const runner = new ProjectionRunner(projection, this.eventStore, this.reads, this.logger);
    await runner.start();
    this.runners.set(projection.name, runner);
  }

  /**
   * Drops the copies (`rebuild__*` tables, and their indexes with them) of a rebuild that a crash or
   * kill -9 interrupted. Only here, where this process has just taken the projection's lease: no
   * rebuild of it runs anywhere else, and none has started here yet.
   */
  private async dropRebuildLeftovers(projection: Projection): Promise<void> {
    const liveNames = projection.views.map((view) => this.reads.dataSource.getMetadata(view).tableName);
    await this.reads.run(({ manager }) => new ShadowTables(liveNames).drop(manager.queryRunner!));
  }

  private async stopRunner(name: string): Promise<void> {
    const runner = this.runners.get(name);
    this.runners.delete(name);
    await runner?.stop();
  }

  wakeAll(): void {
    this.outsideRequests(() => {
      for (const runner of this.runners.values()) runner.wake();
    });
  }

  names(): string[] {
    return this.projections.map((projection) => projection.name);
  }

  runner(name: string): ProjectionRunner | undefined {
    return this.runners.get(name);
  }

  /**
   * Starts a side-by-side rebuild of a projection run by this process and returns at once; its
   * status is `rebuilding` until the copy has been swapped in (or has failed).
   */
  rebuild(name: string): void {
    if (!this.projections.some((projection) => projection.name === name)) {
      throw new NotFoundError('PROJECTION_NOT_FOUND', `No projection named ${name}`);
    }
    const runner = this.runners.get(name);
    if (!runner) {
      throw new NotFoundError('PROJECTION_NOT_RUN_HERE', `Projection ${name} does not run in this process`);
    }
    if (this.rebuilds.has(name)) throw new RebuildInProgressError(name);
    const rebuild = new ProjectionRebuild(runner, this.eventStore, this.reads, this.config, this.logger);
    this.rebuilds.set(name, rebuild);
    this.rebuildErrors.delete(name);
    // Outside the admin request's context: the runner it restarts must not log under that request.
    void this.outsideRequests(() => rebuild.start()).then((error) => {
      this.rebuilds.delete(name);
      if (error) this.rebuildErrors.set(name, error);
    });
  }

  /** The state of every projection: live from the local runner, else from its checkpoint. */
  async states(): Promise<ProjectionState[]> {
    const checkpoints = await this.checkpoints(this.names());
    return this.projections.map(({ name }) => {
      const runner = this.runners.get(name);
      if (runner)
        return {
          name,
          position: runner.position,
          status: this.rebuilds.has(name) ? 'rebuilding' : runner.status,
          lastError: runner.lastError ?? this.rebuildErrors.get(name) ?? null,
        };
      const checkpoint = checkpoints.get(name);
      return {
        name,
        position: checkpoint?.position ?? 0,
        status: checkpoint?.lastError ? 'failed' : 'running',
        lastError: checkpoint?.lastError ?? null,
      };
    });
  }

  /** The lowest position the named views have all reached. */
  async positionOf(names: readonly string[]): Promise<number> {
    if (names.includes(THE_LOG)) {
      const others = names.filter((name) => name !== THE_LOG);
      const head = await this.eventStore.headPosition();
      return others.length === 0 ? head : Math.min(head, await this.positionOf(others));
    }
    for (const name of names) {
      if (!this.projections.some((projection) => projection.name === name)) {
        throw new NotFoundError('PROJECTION_NOT_FOUND', `No projection named ${name}`);
      }
    }
    const remote = names.filter((name) => !this.runners.has(name));
    const checkpoints =
      remote.length > 0 ? await this.checkpoints(remote) : new Map<string, CheckpointEntity>();
    return Math.min(
      ...names.map((name) => this.runners.get(name)?.position ?? checkpoints.get(name)?.position ?? 0),
    );
  }

  /**
   * Resolves with the views' position once it is at least `minPosition`, waking on local progress
   * and polling for remote runners; past the timeout it throws ConsistencyTimeoutError.
   */
  async waitFor(
    names: readonly string[],
    minPosition: number,
    timeoutMs = this.config.consistencyTimeoutMs,
  ): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const position = await this.positionOf(names);
      if (position >= minPosition) return position;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ConsistencyTimeoutError(minPosition, 1);
      await this.nextProgress(names, Math.min(remaining, REMOTE_POLL_MS * (this.allLocal(names) ? 50 : 1)));
    }
  }

  private allLocal(names: readonly string[]): boolean {
    return names.every((name) => this.runners.has(name) || name === THE_LOG);
  }

  private nextProgress(names: readonly string[], maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const sources = names.flatMap((name) => {
        if (name === THE_LOG) return [this.eventStore.appended];
        const runner = this.runners.get(name);
        return runner ? [runner.progress] : [];
      });
      const subscription = merge(...sources, timer(maxWaitMs)).subscribe(() => {
        subscription.unsubscribe();
        resolve();
      });
    });
  }

  private async checkpoints(names: readonly string[]): Promise<Map<string, CheckpointEntity>> {
    const rows = await this.views.manager.findBy(CheckpointEntity, { name: In([...names]) });
    return new Map(rows.map((row) => [row.name, row]));
  }
}
