import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ConsistencyParams, QueryInteger } from '../../../core/index.js';
import { HISTORY_PAGE } from '../../queries/get-inventory-item-history.query.js';

export class InventoryItemHistoryParams extends ConsistencyParams {
  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    default: 0,
    description: 'Answer the events after this version (the `next` of the previous page); 0: from the first',
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({
    type: Number,
    minimum: 1,
    maximum: HISTORY_PAGE.max,
    default: HISTORY_PAGE.default,
    description: 'Events per page',
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(HISTORY_PAGE.max)
  limit?: number;
}
