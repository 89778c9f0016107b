import { ApiProperty } from '@nestjs/swagger';
import type {
  InventoryItemHistory,
  InventoryItemHistoryEntry,
} from '../../queries/get-inventory-item-history.query.js';

class EventMetadataResponse {
  @ApiProperty({ format: 'uuid', example: '5f0c2b8e-3d4a-4c1e-9a77-1b2c3d4e5f60' })
  eventId: string;

  @ApiProperty({ example: 'a3d9e1c4-7b2f-4e8a-9c10-2d3e4f5a6b7c', description: 'Unique per command' })
  commandId: string;

  @ApiProperty({
    example: 'a3d9e1c4-7b2f-4e8a-9c10-2d3e4f5a6b7c',
    description: 'Shared by everything one user action caused',
  })
  correlationId: string;

  @ApiProperty({
    example: 'a3d9e1c4-7b2f-4e8a-9c10-2d3e4f5a6b7c',
    description: 'The command or event that caused this one',
  })
  causationId: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    description:
      'W3C trace context of the span that appended the event (OpenTelemetry); null when tracing was off',
  })
  traceparent: string | null;
}

class UnreadableEventResponse {
  @ApiProperty({ example: 0, description: 'The schema version the event was stored in' })
  schemaVersion: number;

  @ApiProperty({ example: '{"itemId":"…","quantity":6}', description: 'The stored payload, as written' })
  rawData: string;

  @ApiProperty({ example: 'No upcaster for ItemsCheckedIn from schema version 0' })
  reason: string;
}

export class InventoryItemHistoryEntryResponse implements InventoryItemHistoryEntry {
  @ApiProperty({ example: 2 })
  version: number;

  @ApiProperty({ example: '42' })
  position: string;

  @ApiProperty({ example: 'ItemsCheckedIn' })
  type: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { itemId: '…', count: 10 },
    description: "The payload in the event's current schema; null for an unreadable event",
  })
  data: Record<string, unknown> | null;

  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' })
  occurredAt: string;

  @ApiProperty({ type: EventMetadataResponse, description: 'Who caused the event' })
  metadata: EventMetadataResponse;

  @ApiProperty({
    type: UnreadableEventResponse,
    required: false,
    description:
      'Only on an event that cannot be read back (a schema version no upcaster knows, an unregistered type): `type` is its stored type name, and this says the rest',
  })
  unreadable?: UnreadableEventResponse;
}

export class InventoryItemHistoryResponse implements InventoryItemHistory {
  @ApiProperty({ format: 'uuid', example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' })
  id: string;

  @ApiProperty({
    type: [InventoryItemHistoryEntryResponse],
    description: 'This page of events, oldest first',
  })
  events: InventoryItemHistoryEntryResponse[];

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 100,
    description: 'Pass as `after` for the next page; null: this page ends the history',
  })
  next: number | null;
}
