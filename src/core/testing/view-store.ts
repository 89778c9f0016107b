import { DataSource } from 'typeorm';
import { type DomainEvent, eventClassOf, type RecordedEvent } from '../domain/domain-event.js';
import { newId } from '../domain/new-id.js';
import type { StoreSchemas } from '../database/store-options.js';

/**
 * A read store in memory for projection and query handler specs: the module's read-store entities,
 * with the schema made by its migrations (never `synchronize`), so the specs test those too.
 */
export function openViewStore(schemas: StoreSchemas): Promise<DataSource> {
  return new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: schemas.read.entities,
    migrations: schemas.read.migrations,
    migrationsRun: true,
    synchronize: false,
  }).initialize();
}

/** An event as a projection reads it from the log, at `version` of stream `streamId`. */
export function recordedEvent<E extends DomainEvent>(
  event: E,
  { streamId, version = 1, position = version }: { streamId: string; version?: number; position?: number },
): RecordedEvent<E> {
  const eventClass = eventClassOf(event);
  const commandId = newId();
  return {
    position,
    streamId,
    streamType: 'test',
    version,
    type: eventClass.type,
    schemaVersion: eventClass.schemaVersion,
    event,
    metadata: {
      eventId: newId(),
      commandId,
      correlationId: commandId,
      causationId: commandId,
      occurredAt: new Date().toISOString(),
    },
  };
}
