import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ProjectionRebuilds } from '../projections/projection-rebuilds.js';
import type { StoredCheckpoint } from './checkpoints.js';
import { ExternalProcessor } from './external-processor.js';
import type { ProcessorKind, ProcessorState } from './processor.js';
import { ProcessorStores } from './processor-stores.js';
import { ProcessorSupervisor } from './processor-supervisor.js';

/**
 * The state of every processor, as GET /projections and /metrics show it: live from the runner
 * where this process runs it, else from its stored checkpoint (`standby` where this process could
 * run it but another holds its lease); with the number of its dead letters.
 */
@Injectable()
export class ProcessorStates implements OnApplicationBootstrap {
  private externals: ExternalProcessor[] = [];

  constructor(
    private readonly supervisor: ProcessorSupervisor,
    private readonly rebuilds: ProjectionRebuilds,
    private readonly stores: ProcessorStores,
    private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    this.externals = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is ExternalProcessor => instance instanceof ExternalProcessor);
  }

  /** The kind of the inbound consumer (ExternalProcessor) named `name`, if there is one. */
  externalKindOf(name: string): ProcessorKind | undefined {
    return this.externals.find((processor) => processor.name === name)?.kind;
  }

  async states(): Promise<ProcessorState[]> {
    const { projectionCheckpoints, reactorCheckpoints, projectionDeadLetters, writeDeadLetters } =
      this.stores;
    const [projections, reactors, projectionLetters, writeLetters] = await Promise.all([
      projectionCheckpoints.all(),
      reactorCheckpoints.all(),
      projectionDeadLetters.counts(),
      writeDeadLetters.counts(),
    ]);
    const logProcessors = this.supervisor.names().map((name): ProcessorState => {
      const kind = this.supervisor.kindOf(name)!;
      const stored = (kind === 'projection' ? projections : reactors).get(name);
      const letters = (kind === 'projection' ? projectionLetters : writeLetters).get(name) ?? 0;
      return { ...this.stateOf(name, stored), name, kind, deadLetters: letters };
    });
    const external = this.externals.map((processor): ProcessorState => ({
      failedPosition: null,
      ...processor.state(),
      name: processor.name,
      kind: processor.kind,
      deadLetters: writeLetters.get(processor.name) ?? 0,
    }));
    return [...logProcessors, ...external];
  }

  private stateOf(name: string, stored: StoredCheckpoint | undefined) {
    const runner = this.supervisor.running(name);
    if (runner) {
      return {
        position: runner.position,
        status: this.rebuilds.isRebuilding(name) ? ('rebuilding' as const) : runner.status,
        lastError: runner.lastError ?? this.rebuilds.lastError(name) ?? null,
        failedPosition: runner.failedPosition,
      };
    }
    const failed = stored?.failedPosition != null || Boolean(stored?.lastError);
    const standby = this.supervisor.runner(name) !== undefined;
    return {
      position: stored?.position ?? 0,
      status: standby ? ('standby' as const) : failed ? ('failed' as const) : ('running' as const),
      lastError: stored?.lastError ?? null,
      failedPosition: stored?.failedPosition ?? null,
    };
  }
}
