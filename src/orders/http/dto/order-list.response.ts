import { ApiProperty } from '@nestjs/swagger';
import type { OrderList } from '../../queries/list-orders.query.js';
import { OrderResponse } from './order.response.js';

export class OrderListResponse implements OrderList {
  @ApiProperty({ type: [OrderResponse] })
  items: OrderResponse[];

  @ApiProperty({ example: 12, description: 'Orders matching the filter in all' })
  total: number;

  @ApiProperty({ example: 50 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}
