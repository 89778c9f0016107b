import { Inject, Injectable } from '@nestjs/common';
import { merge, type Observable, timer } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ConsistencyTimeoutError, NotFoundError } from '../domain/domain-error.js';
import { THE_LOG } from '../consistency/reads-views.metadata.js';
import { SharedRead } from '../database/shared-read.js';
import { EventStore } from '../event-store/event-store.js';
import { ProcessorStores } from '../processors/processor-stores.js';
import { ProcessorSupervisor } from '../processors/processor-supervisor.js';

/** How often a wait for a read position re-checks views that run in another process. */
const REMOTE_POLL_MS = 20;

/**
 * How far read views have got, for read-your-writes (`?minPosition=`, `X-Read-Position`): from the
 * runner where this process runs the projection, else from its stored checkpoint.
 */
@Injectable()
export class ReadPositions {
  /** Requests that arrive together share one read of the checkpoints of views run elsewhere. */
  private readonly storedCheckpoints = new SharedRead(
    () => this.stores.projectionCheckpoints.all(),
    'in-flight',
  );

  constructor(
    private readonly supervisor: ProcessorSupervisor,
    private readonly stores: ProcessorStores,
    private readonly eventStore: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The lowest position the named views (projections, or THE_LOG) have all reached. */
  async positionOf(names: readonly string[]): Promise<number> {
    if (names.includes(THE_LOG)) {
      const others = names.filter((name) => name !== THE_LOG);
      const head = await this.eventStore.headPosition();
      return others.length === 0 ? head : Math.min(head, await this.positionOf(others));
    }
    for (const name of names) {
      if (!this.supervisor.projection(name)) {
        throw new NotFoundError('PROJECTION_NOT_FOUND', `No projection named ${name}`);
      }
    }
    const local = names.map((name) => this.supervisor.running(name)?.position);
    const stored = local.some((position) => position === undefined)
      ? await this.storedCheckpoints.get()
      : undefined;
    return Math.min(...names.map((name, index) => local[index] ?? stored?.get(name)?.position ?? 0));
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
      await this.nextProgress(names, remaining);
    }
  }

  private nextProgress(names: readonly string[], remainingMs: number): Promise<void> {
    const sources: Observable<unknown>[] = [];
    let allLocal = true;
    for (const name of names) {
      const runner = name === THE_LOG ? undefined : this.supervisor.running(name);
      if (name === THE_LOG) sources.push(this.eventStore.appended);
      else if (runner) sources.push(runner.progress);
      else allLocal = false;
    }
    const maxWaitMs = Math.min(remainingMs, REMOTE_POLL_MS * (allLocal ? 50 : 1));
    return new Promise((resolve) => {
      const subscription = merge(...sources, timer(maxWaitMs)).subscribe(() => {
        subscription.unsubscribe();
        resolve();
      });
    });
  }
}
