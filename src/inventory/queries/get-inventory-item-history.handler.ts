import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore, type RecordedEvent, type UnreadableEvent } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import {
  GetInventoryItemHistoryQuery,
  type InventoryItemHistory,
  type InventoryItemHistoryEntry,
} from './get-inventory-item-history.query.js';

/**
 * The one query that reads the event log instead of a view: the history IS the stream. It reads
 * through the log's reader connection, committed events only, never the write path.
 */
@QueryHandler(GetInventoryItemHistoryQuery)
export class GetInventoryItemHistoryHandler implements IQueryHandler<GetInventoryItemHistoryQuery> {
  constructor(private readonly eventStore: EventStore) {}

  async execute({ itemId, after, limit }: GetInventoryItemHistoryQuery): Promise<InventoryItemHistory> {
    // One more than the page, to know whether another page follows.
    // Browsed, not read: an event that cannot be read back is shown as such instead of failing the page.
    const read = await this.eventStore.browseStream(itemId, { afterVersion: after, limit: limit + 1 });
    const first = after === 0 ? read[0] : (await this.eventStore.browseStream(itemId, { limit: 1 }))[0];
    if (first?.streamType !== InventoryItem.streamType) {
      throw InventoryItem.notFound(itemId);
    }
    const page = read.slice(0, limit);
    return {
      id: itemId,
      next: read.length > limit ? page[page.length - 1].version : null,
      events: page.map(entryOf),
    };
  }
}

function entryOf(recorded: RecordedEvent | UnreadableEvent): InventoryItemHistoryEntry {
  const { version, position, type, metadata } = recorded;
  const entry = {
    version,
    position: String(position),
    type,
    data: 'unreadable' in recorded ? null : { ...recorded.event },
    occurredAt: metadata.occurredAt,
    metadata: {
      eventId: metadata.eventId,
      commandId: metadata.commandId,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId,
      traceparent: metadata.traceparent ?? null,
    },
  };
  if (!('unreadable' in recorded)) return entry;
  const { schemaVersion, rawData, reason } = recorded;
  return { ...entry, unreadable: { schemaVersion, rawData, reason } };
}
