import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EventMetadataResponse {
  @ApiProperty({ format: 'uuid', example: '4c0f9a1e-3b1d-4f7e-9a53-0d6c2b7f1e20' })
  eventId: string;

  @ApiProperty({
    description: 'The command that wrote it; a saga step is "<causing event id>:<step>"',
    example: '4c0f9a1e-3b1d-4f7e-9a53-0d6c2b7f1e20:reserve-0',
  })
  commandId: string;

  @ApiProperty({
    description: 'The request that started it all (X-Correlation-Id)',
    example: 'b7c2e9f4-0d31-4c8a-9e55-6f1a2d3c4b5e',
  })
  correlationId: string;

  @ApiProperty({
    description: 'The event or request that caused its command',
    example: '4c0f9a1e-3b1d-4f7e-9a53-0d6c2b7f1e20',
  })
  causationId: string;

  @ApiProperty({ example: '2026-11-30T13:00:00.000Z' })
  occurredAt: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'W3C trace context of the append (null: tracing was off)',
    example: null,
  })
  traceparent: string | null;
}

/** One event as stored in the log: its data not upcast, so that an unreadable one shows too. */
export class LoggedEventResponse {
  @ApiProperty({ description: 'Global log position (decimal string)', example: '42' })
  position: string;

  @ApiProperty({ example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' })
  streamId: string;

  @ApiProperty({ example: 'Order' })
  streamType: string;

  @ApiProperty({ description: "The stream's version after this event", example: 1 })
  version: number;

  @ApiProperty({ example: 'OrderPlaced' })
  type: string;

  @ApiProperty({ example: 1 })
  schemaVersion: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event as stored (JSON)',
    example: { orderId: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' },
  })
  data: unknown;

  @ApiProperty({ type: EventMetadataResponse })
  metadata: EventMetadataResponse;
}

export class LogPageResponse {
  @ApiProperty({ type: [LoggedEventResponse], description: 'In log order' })
  events: LoggedEventResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `after` of the next page (decimal string); null on the last',
    example: null,
  })
  next: string | null;
}
