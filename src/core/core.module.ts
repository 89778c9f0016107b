import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { LOG_READER, READ_STORE, VIEW_READER, WRITE_STORE } from './database/data-source-names.js';
import { openDataSource } from './database/open-data-source.js';
import { type DataSourceCustomizer, dataSourceOptions, type StoreSchemas } from './database/store-options.js';
import { ReadTransactions, WriteTransactions } from './database/write-transactions.js';
import { EventLogBrowser } from './event-store/event-log-browser.js';
import { EventStore } from './event-store/event-store.js';
import { EventTypeRegistry } from './event-store/event-type-registry.js';
import { TypeOrmEventStore } from './event-store/typeorm-event-store.js';
import { ProcessedCommands } from './idempotency/processed-commands.js';
import { ProcessedCommandsPruner } from './idempotency/processed-commands-pruner.js';
import { COORDINATION_PROVIDERS } from './projections/coordination.providers.js';
import { ProcessorsModule } from './processors/processors.module.js';
import { CommandGroups } from './repositories/command-groups.js';
import { CommandTransactions } from './repositories/command-transactions.js';
import { EventSourcedRepository } from './repositories/event-sourced.repository.js';
import { StateStoredRepository } from './repositories/state-stored.repository.js';
import { CausedCommands } from './subscriptions/caused-commands.js';
import { TracedBuses } from './tracing/traced-buses.js';

export interface CoreModuleOptions {
  readonly config: AppConfig;
  /** Entities and migrations of both stores, the feature modules' included. */
  readonly schemas: StoreSchemas;
  /** Overrides of the four DataSources' TypeORM options, for a host with its own database settings. */
  readonly dataSourceOptions?: DataSourceCustomizer;
}

const services = [
  EventTypeRegistry,
  { provide: EventStore, useClass: TypeOrmEventStore },
  EventLogBrowser,
  WriteTransactions,
  ReadTransactions,
  ProcessedCommands,
  ProcessedCommandsPruner,
  CommandTransactions,
  CommandGroups,
  EventSourcedRepository,
  StateStoredRepository,
  ...COORDINATION_PROVIDERS,
  CausedCommands,
  TracedBuses,
];

/**
 * The CQRS machinery, global so feature modules inject it: both stores and their connections, the
 * event store and its type registry, the repositories, the projection runners, the command and query
 * buses of @nestjs/cqrs. It knows nothing of any feature, and registers no controller: an
 * application that serves HTTP adds the feature modules' controllers itself (see app.module.ts),
 * while a host that only needs the buses imports CoreModule.forRoot() and the feature modules.
 */
@Module({})
export class CoreModule {
  static forRoot({ config, schemas, dataSourceOptions: customize }: CoreModuleOptions): DynamicModule {
    const logger = new Logger('Stores');
    const dataSources = [WRITE_STORE, LOG_READER, READ_STORE, VIEW_READER].map((name) => {
      let attempt = 0;
      return TypeOrmModule.forRootAsync({
        name,
        useFactory: () => {
          const defaults = dataSourceOptions(name, config, schemas);
          const options = customize ? customize(name, defaults) : defaults;
          // Each attempt is logged as it starts, and a failed one with its reason (verboseRetryLog):
          // a database that is down or silent stops the start within seconds, saying so.
          return {
            ...options,
            retryAttempts: config.postgres.connectRetries + 1,
            retryDelay: 1000,
            verboseRetryLog: true,
          };
        },
        dataSourceFactory: (options) => {
          attempt += 1;
          logger.log({ msg: 'opening store', dataSource: name, type: options!.type, attempt });
          return openDataSource(options!);
        },
      });
    });
    return {
      module: CoreModule,
      global: true,
      imports: [CqrsModule.forRoot(), DiscoveryModule, ...dataSources, ProcessorsModule],
      providers: [{ provide: APP_CONFIG, useValue: config }, ...services],
      exports: [APP_CONFIG, CqrsModule, ...dataSources, ...services, ProcessorsModule],
    };
  }
}
