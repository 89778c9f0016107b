import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ApiIdParam, ApiViewQuery, type HeaderReply, IdParam, ReadsViews } from '../../core/index.js';
import { GetOrderQuery, type OrderDetails } from '../queries/get-order.query.js';
import { ListOrdersQuery, type OrderList } from '../queries/list-orders.query.js';
import { OrderProjection } from '../read-model/order.projection.js';
import { ListOrdersParams } from './dto/list-orders.params.js';
import { OrderListResponse } from './dto/order-list.response.js';
import { OrderResponse } from './dto/order.response.js';

@ApiTags('orders')
@ReadsViews(OrderProjection.projectionName)
@Controller('orders')
export class OrdersQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiViewQuery({
    summary: 'List orders, oldest first, optionally by status',
    type: OrderListResponse,
    minPositionParam: false,
  })
  list(@Query() { status, limit = 50, offset = 0 }: ListOrdersParams): Promise<OrderList> {
    return this.queries.execute(new ListOrdersQuery(status, limit, offset));
  }

  @Get(':id')
  @ApiIdParam('Order id')
  @ApiViewQuery({
    summary: 'One order; its version is also the ETag',
    type: OrderResponse,
    notFound: 'ORDER_NOT_FOUND',
  })
  async get(@IdParam() id: string, @Res({ passthrough: true }) response: HeaderReply): Promise<OrderDetails> {
    const order = await this.queries.execute(new GetOrderQuery(id));
    response.header('ETag', `"${order.version}"`);
    return order;
  }
}
