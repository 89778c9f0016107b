import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { ConsistencyParams, IntegerInRange, QueryInteger } from '../../../core/index.js';

export class ListInventoryItemsParams extends ConsistencyParams {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 500, default: 50, description: 'Items per page' })
  @IsOptional()
  @QueryInteger()
  @IntegerInRange(1, 500)
  limit?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, default: 0, description: 'Items to skip' })
  @IsOptional()
  @QueryInteger()
  @IntegerInRange(0, Number.MAX_SAFE_INTEGER)
  offset?: number;
}
