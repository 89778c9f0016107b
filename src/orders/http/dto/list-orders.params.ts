import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ConsistencyParams, QueryInteger } from '../../../core/index.js';
import { ORDER_STATUSES, type OrderStatus } from '../../domain/order-line.js';

export class ListOrdersParams extends ConsistencyParams {
  @ApiPropertyOptional({ enum: ORDER_STATUSES, description: 'Only orders in this status' })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({
    type: Number,
    minimum: 1,
    maximum: 500,
    default: 50,
    description: 'Orders per page',
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ type: Number, minimum: 0, default: 0, description: 'Orders to skip' })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(0)
  offset?: number;
}
