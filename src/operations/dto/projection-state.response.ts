import { ApiProperty } from '@nestjs/swagger';

const STATUSES = ['running', 'catching-up', 'rebuilding', 'failed', 'stopped'];

export class ProjectionStateResponse {
  @ApiProperty({ example: 'inventory-list' })
  name: string;

  @ApiProperty({ description: 'Log position the view has applied (decimal string)', example: '1042' })
  position: string;

  @ApiProperty({ description: "The log's head position (decimal string)", example: '1050' })
  headPosition: string;

  @ApiProperty({ description: 'headPosition - position', example: 8 })
  lag: number;

  @ApiProperty({ enum: STATUSES, example: 'running' })
  status: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the projection stopped, or why its last rebuild failed',
    example: null,
  })
  lastError: string | null;
}
