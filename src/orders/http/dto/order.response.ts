import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, type OrderLine, type OrderStatus } from '../../domain/order-line.js';
import type { OrderDetails } from '../../queries/get-order.query.js';

export class OrderLineResponse implements OrderLine {
  @ApiProperty({ format: 'uuid', example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' })
  itemId: string;

  @ApiProperty({ example: 2 })
  quantity: number;
}

export class OrderResponse implements OrderDetails {
  @ApiProperty({ format: 'uuid', example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' })
  id: string;

  @ApiProperty({
    enum: ORDER_STATUSES,
    example: 'confirmed',
    description: 'pending until the fulfilment saga confirms or rejects it; cancelled by the client',
  })
  status: OrderStatus;

  @ApiProperty({ type: [OrderLineResponse] })
  lines: OrderLineResponse[];

  @ApiPropertyOptional({
    example: 'Line 1 (item …, quantity 5): Cannot take 5 items: only 3 in stock',
    description: 'Only on a rejected order',
  })
  rejectionReason?: string;

  @ApiProperty({ example: 2, description: 'Also sent as the ETag' })
  version: number;
}
