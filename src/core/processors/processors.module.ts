import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProjectionRebuilds } from '../projections/projection-rebuilds.js';
import { ReadPositions } from '../projections/read-positions.js';
import { ViewCache } from '../projections/view-cache.js';
import { EventBusReactor } from './event-bus.reactor.js';
import { ProcessorAdmin } from './processor-admin.js';
import { ProcessorStates } from './processor-states.js';
import { ProcessorStores } from './processor-stores.js';
import { ProcessorSupervisor } from './processor-supervisor.js';

const providers = [
  ProcessorStores,
  ProcessorSupervisor,
  ProjectionRebuilds,
  ReadPositions,
  ViewCache,
  ProcessorStates,
  ProcessorAdmin,
  EventBusReactor,
];

/**
 * The processors' runtime. Not global, unlike CoreModule (which imports and re-exports it): Nest
 * calls the lifecycle hooks of global modules first, so by the time the supervisor starts the
 * processors, @nestjs/cqrs (global) has bound the handlers the EventBus reactor publishes to.
 */
@Module({
  imports: [DiscoveryModule],
  providers,
  exports: providers,
})
export class ProcessorsModule {}
