import { ApiProperty } from '@nestjs/swagger';

/** An event a processor has set aside (an operator skipped it). */
export class DeadLetterResponse {
  @ApiProperty({ description: 'Its position in the log (decimal string)', example: '1042' })
  position: string;

  @ApiProperty({ example: '3f1c2a9e-8d7b-4c6a-9e5f-1a2b3c4d5e6f' })
  eventId: string;

  @ApiProperty({ example: 'OrderPlaced' })
  type: string;

  @ApiProperty({ example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' })
  streamId: string;

  @ApiProperty({
    description: 'The error it failed with (the latest, after a retry that failed)',
    example: 'OrderPlaced at position 1042: the inventory service refused',
  })
  error: string;

  @ApiProperty({ description: 'When it was set aside (ISO 8601)', example: '2026-11-30T14:05:00.000Z' })
  deadAt: string;
}

/** The answer of a skip or of a retry that succeeded. */
export class ProcessorEventResponse {
  @ApiProperty({ example: 'order-fulfilment' })
  name: string;

  @ApiProperty({ description: 'The position of the event (decimal string)', example: '1042' })
  position: string;
}
