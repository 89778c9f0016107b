import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ReadTransactions } from '../database/write-transactions.js';
import { NotFoundError } from '../domain/domain-error.js';
import { EventStore } from '../event-store/event-store.js';
import { ProcessorStores } from '../processors/processor-stores.js';
import { ProcessorSupervisor } from '../processors/processor-supervisor.js';
import { ProjectionRebuild } from './projection-rebuild.js';
import { RebuildInProgressError } from './rebuild-in-progress.error.js';

/**
 * The side-by-side rebuilds of projections that run in this process (POST /projections/:name/rebuild):
 * which are under way, and why the last one of each failed. A shutdown aborts them first.
 */
@Injectable()
export class ProjectionRebuilds {
  private readonly logger = new Logger(ProjectionRebuilds.name);
  private readonly rebuilds = new Map<string, ProjectionRebuild>();
  /** Why the last rebuild of a projection failed, until the next one starts. */
  private readonly errors = new Map<string, string>();
  private readonly outsideRequests = AsyncLocalStorage.snapshot();

  constructor(
    private readonly supervisor: ProcessorSupervisor,
    private readonly stores: ProcessorStores,
    private readonly eventStore: EventStore,
    private readonly reads: ReadTransactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    supervisor.onStop(() => this.abortAll());
  }

  /**
   * Starts a side-by-side rebuild of a projection run by this process and returns at once; its
   * status is `rebuilding` until the copy has been swapped in (or has failed).
   */
  rebuild(name: string): void {
    const projection = this.supervisor.projection(name);
    if (!projection) throw new NotFoundError('PROJECTION_NOT_FOUND', `No projection named ${name}`);
    const runner = this.supervisor.running(name);
    if (!runner) {
      throw new NotFoundError('PROJECTION_NOT_RUN_HERE', `Projection ${name} does not run in this process`);
    }
    if (this.rebuilds.has(name)) throw new RebuildInProgressError(name);
    // Started again after the swap only while this process still holds its lease.
    const restart = async () => this.supervisor.running(name)?.start();
    const rebuild = new ProjectionRebuild(
      projection,
      runner,
      restart,
      this.stores,
      this.eventStore,
      this.reads,
      this.config,
      this.logger,
    );
    this.rebuilds.set(name, rebuild);
    this.errors.delete(name);
    // Outside the admin request's context: the runner it restarts must not log under that request.
    void this.outsideRequests(() => rebuild.start()).then((error) => {
      this.rebuilds.delete(name);
      if (error) this.errors.set(name, error);
    });
  }

  isRebuilding(name: string): boolean {
    return this.rebuilds.has(name);
  }

  /** Why the last rebuild of `name` failed, if it did. */
  lastError(name: string): string | undefined {
    return this.errors.get(name);
  }

  private async abortAll(): Promise<void> {
    await Promise.all([...this.rebuilds.values()].map((rebuild) => rebuild.abort()));
  }
}
