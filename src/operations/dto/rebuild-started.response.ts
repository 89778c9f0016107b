import { ApiProperty } from '@nestjs/swagger';

export class RebuildStartedResponse {
  @ApiProperty({ example: 'inventory-list' })
  name: string;

  @ApiProperty({ example: 'rebuilding' })
  status: string;
}
