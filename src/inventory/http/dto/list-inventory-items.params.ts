import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ConsistencyParams, QueryInteger } from '../../../core/index.js';

export class ListInventoryItemsParams extends ConsistencyParams {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 500, default: 50, description: 'Items per page' })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, default: 0, description: 'Items to skip' })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  offset?: number;
}
