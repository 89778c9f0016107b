import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventStore } from '../../core/index.js';
import { InventoryItem } from '../domain/inventory-item.aggregate.js';
import {
  GetInventoryItemHistoryQuery,
  type InventoryItemHistory,
} from './get-inventory-item-history.query.js';

/**
 * The one query that reads the event log instead of a view: the history IS the stream. It reads
 * through the log's reader connection, committed events only, never the write path.
 */
@QueryHandler(GetInventoryItemHistoryQuery)
export class GetInventoryItemHistoryHandler implements IQueryHandler<GetInventoryItemHistoryQuery> {
  constructor(private readonly eventStore: EventStore) {}

  async execute({ itemId }: GetInventoryItemHistoryQuery): Promise<InventoryItemHistory> {
    const stream = await this.eventStore.readStream(itemId);
    if (stream.length === 0 || stream[0].streamType !== InventoryItem.streamType) {
      throw InventoryItem.notFound(itemId);
    }
    return {
      id: itemId,
      events: stream.map(({ version, position, type, event, metadata }) => ({
        version,
        position: String(position),
        type,
        data: { ...event },
        occurredAt: metadata.occurredAt,
        metadata: {
          eventId: metadata.eventId,
          commandId: metadata.commandId,
          correlationId: metadata.correlationId,
          causationId: metadata.causationId,
          traceparent: metadata.traceparent ?? null,
        },
      })),
    };
  }
}
