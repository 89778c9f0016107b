import { DataSource, type EntityManager, type ObjectLiteral } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import type { StoreSchema } from '../database/store-options.js';
import type { DomainEvent, EventClass, RecordedEvent } from '../domain/domain-event.js';
import type { Projection } from '../projections/projection.js';

/**
 * Given events / then rows, for projections: an in-memory SQLite read store built by the real
 * migrations, events fed through the projection's own handlers in one transaction, as the runner
 * does. `stream` numbers versions and positions for you.
 */
export class ProjectionSpec {
  private position = 0;
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly dataSource: DataSource,
    private readonly projection: Projection,
  ) {}

  static async create(projection: Projection, schema: StoreSchema): Promise<ProjectionSpec> {
    const dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [...CORE_SCHEMAS.read.entities, ...schema.entities],
      migrations: [...CORE_SCHEMAS.read.migrations, ...schema.migrations],
      migrationsRun: true,
    });
    await dataSource.initialize();
    return new ProjectionSpec(dataSource, projection);
  }

  /** Applies events of one stream, in order, as one batch (the runner applies up to 500 at once). */
  async given(streamId: string, ...events: DomainEvent[]): Promise<this> {
    const batch = events.map((event) => this.record(streamId, event));
    await this.dataSource.transaction((manager: EntityManager) => this.projection.applyBatch(batch, manager));
    return this;
  }

  rows<T extends ObjectLiteral>(view: new () => T): Promise<T[]> {
    return this.dataSource.getRepository(view).find();
  }

  close(): Promise<void> {
    return this.dataSource.destroy();
  }

  private record(streamId: string, event: DomainEvent): RecordedEvent {
    const version = (this.versions.get(streamId) ?? 0) + 1;
    this.versions.set(streamId, version);
    this.position += 1;
    const eventClass = event.constructor as EventClass;
    return {
      position: this.position,
      streamId,
      streamType: 'Test',
      version,
      type: eventClass.type,
      schemaVersion: eventClass.schemaVersion,
      event,
      metadata: {
        eventId: `event-${this.position}`,
        commandId: `command-${this.position}`,
        correlationId: 'correlation',
        causationId: `command-${this.position}`,
        occurredAt: new Date(0).toISOString(),
      },
    };
  }
}
