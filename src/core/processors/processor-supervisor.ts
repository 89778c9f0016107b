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
import { map, merge, type Subscription, timer } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { TransactionRunner } from '../database/transaction-runner.js';
import { EventStore } from '../event-store/event-store.js';
import { LogNotifier } from '../projections/log-notifier.js';
import { Projection } from '../projections/projection.js';
import { dropRebuildLeftovers } from '../projections/shadow-tables.js';
import { leaseNameOf, ProjectorLease } from '../projections/projector-lease.js';
import { ViewCache } from '../projections/view-cache.js';
import { adoptLegacyRelayCheckpoint } from './legacy-relay-checkpoint.js';
import { ProcessorRunner } from './processor-runner.js';
import { ProcessorStores } from './processor-stores.js';
import { ProjectionWork } from './projection-work.js';
import type { ProcessorKind } from './processor.js';
import { Reactor } from './reactor.js';
import { ReactorWork } from './reactor-work.js';

const instancesOf = <T>(discovery: DiscoveryService, type: abstract new (...args: never[]) => T): T[] =>
  discovery
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is T => instance instanceof type);

/**
 * Finds every processor (Projection and Reactor providers) and, in the roles that run them (all,
 * projector), runs each in a ProcessorRunner while this process holds that processor's lease (one
 * process at a time per processor; the others stand by). Wakes them after a local commit, on a
 * notification of another process's commit, and on a timer for anything missed; on that timer a
 * failed runner also looks whether an operator has moved its checkpoint (a skip in another process).
 */
@Injectable()
export class ProcessorSupervisor implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Processors');
  private readonly runners = new Map<string, ProcessorRunner>();
  private readonly stopHooks: Array<() => Promise<void>> = [];
  private projections: Projection[] = [];
  private reactors: Reactor[] = [];
  private wakeUps?: Subscription;
  private stopping?: Promise<void>;
  /** Runs outside any request's context, so a batch's logs do not carry the ids of whoever woke it. */
  private readonly outsideRequests = AsyncLocalStorage.snapshot();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly eventStore: EventStore,
    private readonly stores: ProcessorStores,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lease: ProjectorLease,
    private readonly notifier: LogNotifier,
    private readonly viewCache: ViewCache,
  ) {}

  private get reads(): TransactionRunner {
    return this.stores.projectionCheckpoints.store;
  }

  get runsProcessors(): boolean {
    return this.config.role === 'all' || this.config.role === 'projector';
  }

  /**
   * On embedded SQLite this process alone owns the read store: rebuild leftovers go before anything
   * runs. On PostgreSQL they go when this process takes a projection's lease (another process may be
   * rebuilding a projection it holds).
   */
  async onModuleInit(): Promise<void> {
    if (!this.runsProcessors || this.reads.dataSource.options.type === 'postgres') return;
    for (const projection of instancesOf(this.discovery, Projection)) {
      await dropRebuildLeftovers(projection, this.reads);
    }
  }

  /**
   * Runs after the global modules' hooks (this module is not global), so @nestjs/cqrs has bound its
   * handlers before the EventBus reactor publishes into it.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.projections = instancesOf(this.discovery, Projection);
    this.reactors = instancesOf(this.discovery, Reactor);
    const names = this.names();
    const twice = names.filter((name, index) => names.indexOf(name) !== index);
    if (twice.length > 0) throw new Error(`Two processors are named ${twice.join(', ')}`);
    if (!this.runsProcessors) return;
    const { projectionCheckpoints, reactorCheckpoints } = this.stores;
    for (const projection of this.projections) {
      const work = new ProjectionWork(projection, projectionCheckpoints, this.logger, this.viewCache);
      this.runners.set(projection.name, new ProcessorRunner(work, this.eventStore, this.logger));
    }
    for (const reactor of this.reactors) {
      const work = new ReactorWork(reactor, reactorCheckpoints, this.logger);
      this.runners.set(reactor.name, new ProcessorRunner(work, this.eventStore, this.logger));
    }
    await adoptLegacyRelayCheckpoint(
      reactorCheckpoints.store,
      this.reactors.map(({ name }) => name),
    );
    await this.notifier.listen();
    // A commit proves the store answers (it ends a wait for it); the timer only looks again.
    this.wakeUps = merge(
      merge(this.eventStore.appended, this.notifier.notified).pipe(map(() => true)),
      timer(this.config.projectionPollMs, this.config.projectionPollMs).pipe(map(() => false)),
    ).subscribe((committed) => this.outsideRequests(() => this.wakeAll(committed)));
    for (const runner of this.runners.values()) {
      await this.lease.hold(this.leaseName(runner), {
        acquired: () => this.acquired(runner),
        lost: () => runner.stop(),
      });
    }
  }

  /** Before the DataSources close (their onApplicationShutdown), so the batch in flight can commit. */
  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** Runs `hook` first when the processors stop (a rebuild aborts before its runner stops). */
  onStop(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  /**
   * Stops every runner after the batch in flight, whose checkpoint is saved, then gives up the
   * leases. Call it while the stores are still open; calls after the first wait for it.
   */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  /** Every processor's name, whether or not it runs in this process: projections, then reactors. */
  names(): string[] {
    return [...this.projections, ...this.reactors].map(({ name }) => name);
  }

  projection(name: string): Projection | undefined {
    return this.projections.find((projection) => projection.name === name);
  }

  reactor(name: string): Reactor | undefined {
    return this.reactors.find((reactor) => reactor.name === name);
  }

  kindOf(name: string): ProcessorKind | undefined {
    return this.projection(name) ? 'projection' : this.reactor(name)?.kind;
  }

  /** The runner of `name` in this process, whether or not it holds the lease. */
  runner(name: string): ProcessorRunner | undefined {
    return this.runners.get(name);
  }

  /** The runner of `name` if it runs here now (this process holds its lease). */
  running(name: string): ProcessorRunner | undefined {
    const runner = this.runners.get(name);
    return runner && this.lease.holds(this.leaseName(runner)) ? runner : undefined;
  }

  private leaseName(runner: ProcessorRunner): string {
    return leaseNameOf(runner.work.kind, runner.name);
  }

  private async acquired(runner: ProcessorRunner): Promise<void> {
    const projection = runner.work instanceof ProjectionWork ? runner.work.projection : undefined;
    if (projection && this.reads.dataSource.options.type === 'postgres') {
      await dropRebuildLeftovers(projection, this.reads);
    }
    await runner.start();
  }

  private wakeAll(committed: boolean): void {
    for (const runner of this.runners.values()) {
      if (committed) runner.storeAnswered();
      else if (runner.status === 'failed') void this.lookForSkip(runner);
      else runner.wake();
    }
  }

  /** A failed runner resumes once its stored checkpoint has passed the event (an operator's skip). */
  private async lookForSkip(runner: ProcessorRunner): Promise<void> {
    const stored = await runner.work.checkpoints.load(runner.name).catch(() => undefined);
    if (stored) runner.resumeAt(stored.position);
  }

  private async stopOnce(): Promise<void> {
    this.wakeUps?.unsubscribe();
    for (const hook of this.stopHooks) await hook();
    await Promise.all([...this.runners.values()].map((runner) => runner.close()));
    // Only once the runners have saved their checkpoints may another process take over.
    await this.lease.releaseAll();
    await this.notifier.close();
  }
}
