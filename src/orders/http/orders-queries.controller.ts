import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiIdParam, IdParam, ReadsViews } from '../../core/index.js';
import { GetOrderQuery, type OrderDetails } from '../queries/get-order.query.js';
import { ListOrdersQuery, type OrderList } from '../queries/list-orders.query.js';
import { OrderProjection } from '../read-model/order.projection.js';
import { ListOrdersParams } from './dto/list-orders.params.js';
import { OrderListResponse } from './dto/order-list.response.js';
import { OrderResponse } from './dto/order.response.js';

const MIN_POSITION = ApiQuery({
  name: 'minPosition',
  required: false,
  description: 'Wait until the view has applied the log up to this position (read your writes)',
});

@ApiTags('orders')
@ApiBadRequestResponse({ type: ApiErrorResponse, description: 'Invalid parameter' })
@ApiServiceUnavailableResponse({
  type: ApiErrorResponse,
  description: 'The view did not reach minPosition in time',
})
@ReadsViews(OrderProjection.projectionName)
@Controller('orders')
export class OrdersQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'List orders, oldest first, optionally by status' })
  @ApiOkResponse({ type: OrderListResponse })
  list(@Query() { status, limit = 50, offset = 0 }: ListOrdersParams): Promise<OrderList> {
    return this.queries.execute(new ListOrdersQuery(status, limit, offset));
  }

  @Get(':id')
  @ApiIdParam('Order id')
  @MIN_POSITION
  @ApiOperation({ summary: 'One order; its version is also the ETag' })
  @ApiOkResponse({ type: OrderResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async get(
    @IdParam() id: string,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<OrderDetails> {
    const order = await this.queries.execute(new GetOrderQuery(id));
    response.setHeader('ETag', `"${order.version}"`);
    return order;
  }
}
