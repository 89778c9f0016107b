import { CreateStoreProbe1764115200120 } from './database/migrations/1764115200120-create-store-probe.js';
import { StoreProbeEntity } from './database/store-probe.entity.js';
import type { StoreSchemas } from './database/store-options.js';
import { EventRecordEntity } from './event-store/event-record.entity.js';
import { CreateEventLog1764115200000 } from './event-store/migrations/1764115200000-create-event-log.js';
import { AddEventTraceparent1764460817000 } from './event-store/migrations/1764460817000-add-event-traceparent.js';
import { AddEventCorrelationIndex1764460818000 } from './event-store/migrations/1764460818000-add-event-correlation-index.js';
import { SnapshotEntity } from './event-store/snapshot.entity.js';
import { ProcessedCommandEntity } from './idempotency/processed-command.entity.js';
import { RefusalsAsDomainData1796043695000 } from './idempotency/migrations/1796043695000-refusals-as-domain-data.js';
import { IndexProcessedCommandsByAge1796044205000 } from './idempotency/migrations/1796044205000-index-processed-commands-by-age.js';
import { CheckpointEntity } from './projections/checkpoint.entity.js';
import { ProjectionDeadLetterEntity, ReactorDeadLetterEntity } from './processors/dead-letter.entities.js';
import { AddProjectionFailuresAndDeadLetters1796047000000 } from './processors/migrations/1796047000000-add-projection-failures-and-dead-letters.js';
import { CreateReactorCheckpoints1796047000001 } from './processors/migrations/1796047000001-create-reactor-checkpoints.js';
import { ReactorCheckpointEntity } from './processors/reactor-checkpoint.entity.js';
import { CreateRelayCheckpoints1764115200002 } from './subscriptions/migrations/1764115200002-create-relay-checkpoints.js';
import { CreateProjectionCheckpoints1764115200001 } from './projections/migrations/1764115200001-create-projection-checkpoints.js';

/**
 * The core's own tables: the log, snapshots, processed commands, the checkpoints and dead letters
 * of reactors and forwarders, the health check's probe row; those of projections in the read store.
 */
export const CORE_SCHEMAS: StoreSchemas = {
  write: {
    entities: [
      EventRecordEntity,
      SnapshotEntity,
      ProcessedCommandEntity,
      ReactorCheckpointEntity,
      ReactorDeadLetterEntity,
      StoreProbeEntity,
    ],
    migrations: [
      CreateEventLog1764115200000,
      CreateRelayCheckpoints1764115200002,
      CreateStoreProbe1764115200120,
      AddEventTraceparent1764460817000,
      AddEventCorrelationIndex1764460818000,
      RefusalsAsDomainData1796043695000,
      IndexProcessedCommandsByAge1796044205000,
      CreateReactorCheckpoints1796047000001,
    ],
  },
  read: {
    entities: [CheckpointEntity, ProjectionDeadLetterEntity],
    migrations: [CreateProjectionCheckpoints1764115200001, AddProjectionFailuresAndDeadLetters1796047000000],
  },
};
