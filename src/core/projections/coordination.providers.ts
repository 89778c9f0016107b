import { Logger, type Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EventStore } from '../event-store/event-store.js';
import { LogNotifier } from './log-notifier.js';
import { PostgresLogNotifier } from './postgres-log-notifier.js';
import { PostgresProjectorLease } from './postgres-projector-lease.js';
import { processIdentity, ProjectorLease } from './projector-lease.js';
import { SingleProcessLease } from './single-process-lease.js';

/**
 * How consumers of the log coordinate across processes: on PostgreSQL (DATABASE_URL), advisory
 * locks elect one runner per consumer and each process NOTIFYs the others after its appends; on
 * SQLite there is one process. The election and the wake-ups live in the write store, which every
 * process shares.
 */
export const COORDINATION_PROVIDERS: Provider[] = [
  {
    provide: ProjectorLease,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) =>
      config.databaseUrl
        ? new PostgresProjectorLease(
            config.databaseUrl,
            // Other processes read who holds a lease from this session's name (holders()).
            processIdentity(config.role),
            config.projectionPollMs,
            new Logger(ProjectorLease.name),
          )
        : new SingleProcessLease(processIdentity(config.role)),
  },
  {
    provide: LogNotifier,
    inject: [APP_CONFIG, EventStore],
    useFactory: (config: AppConfig, eventStore: EventStore) =>
      config.databaseUrl
        ? new PostgresLogNotifier(
            config.databaseUrl,
            `cqrs-${config.role}-listen`,
            config.projectionPollMs,
            new Logger(LogNotifier.name),
            eventStore.appended,
          )
        : new LogNotifier(),
  },
];
