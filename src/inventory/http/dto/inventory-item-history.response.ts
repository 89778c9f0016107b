import { ApiProperty } from '@nestjs/swagger';
import type {
  InventoryItemHistory,
  InventoryItemHistoryEntry,
} from '../../queries/get-inventory-item-history.query.js';

class EventMetadataResponse {
  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty()
  commandId: string;

  @ApiProperty({ description: 'Shared by everything one user action caused' })
  correlationId: string;

  @ApiProperty({ description: 'The command or event that caused this one' })
  causationId: string;
}

export class InventoryItemHistoryEntryResponse implements InventoryItemHistoryEntry {
  @ApiProperty({ example: 2 })
  version: number;

  @ApiProperty({ example: '42' })
  position: string;

  @ApiProperty({ example: 'ItemsCheckedIn' })
  type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { itemId: '…', count: 10 } })
  data: Record<string, unknown>;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  occurredAt: string;

  @ApiProperty({ type: EventMetadataResponse })
  metadata: EventMetadataResponse;
}

export class InventoryItemHistoryResponse implements InventoryItemHistory {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: [InventoryItemHistoryEntryResponse] })
  events: InventoryItemHistoryEntryResponse[];
}
