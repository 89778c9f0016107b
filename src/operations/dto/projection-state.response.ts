import { ApiProperty } from '@nestjs/swagger';

const KINDS = ['projection', 'reactor', 'forwarder'];
const STATUSES = ['running', 'catching-up', 'retrying', 'rebuilding', 'failed', 'standby', 'stopped'];

/** One processor (a projection, reactor or forwarder) in GET /projections. */
export class ProjectionStateResponse {
  @ApiProperty({ example: 'inventory-list' })
  name: string;

  @ApiProperty({
    enum: KINDS,
    description:
      'projection: fills read views; reactor: a saga or process manager (sends commands); forwarder: publishes to another service',
    example: 'projection',
  })
  kind: string;

  @ApiProperty({ description: 'Log position the processor has handled (decimal string)', example: '1042' })
  position: string;

  @ApiProperty({ description: "The log's head position (decimal string)", example: '1050' })
  headPosition: string;

  @ApiProperty({ description: 'headPosition - position', example: 8 })
  lag: number;

  @ApiProperty({
    enum: STATUSES,
    description:
      'retrying: an event failed and is tried again after a delay, or a store is unavailable (lastError says which); failed: stopped right before the event at failedPosition until an operator skips it; standby: this process runs its code but another holds its lease (PostgreSQL)',
    example: 'running',
  })
  status: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the processor stopped or is retrying, or why its last rebuild failed',
    example: null,
  })
  lastError: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'When failed: the position (decimal string) of the event it stopped before, the one POST /projections/:name/skip names',
    example: null,
  })
  failedPosition: string | null;

  @ApiProperty({ description: 'How many events this processor has set aside (dead letters)', example: 0 })
  deadLetters: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "The process that holds this processor's lease and runs it, as it names itself: cqrs-<role> <host>:<pid> (on PostgreSQL, whichever process of the deployment); null: none holds it now, or it is an inbound consumer (its lease is not looked up)",
    example: 'cqrs-projector worker-1:4242',
  })
  holder: string | null;
}
