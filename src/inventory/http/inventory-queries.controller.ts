import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import {
  ApiIdParam,
  ApiViewQuery,
  type HeaderReply,
  IdParam,
  ReadsViews,
  THE_LOG,
} from '../../core/index.js';
import {
  GetInventoryItemHistoryQuery,
  type InventoryItemHistory,
} from '../queries/get-inventory-item-history.query.js';
import { GetInventoryItemQuery, type InventoryItemDetails } from '../queries/get-inventory-item.query.js';
import { type InventoryItemList, ListInventoryItemsQuery } from '../queries/list-inventory-items.query.js';
import { InventoryItemDetailsProjection } from '../read-model/inventory-item-details.projection.js';
import { InventoryListProjection } from '../read-model/inventory-list.projection.js';
import { InventoryItemHistoryResponse } from './dto/inventory-item-history.response.js';
import { InventoryItemResponse } from './dto/inventory-item.response.js';
import { InventoryListResponse } from './dto/inventory-list.response.js';
import { ListInventoryItemsParams } from './dto/list-inventory-items.params.js';

@ApiTags('inventory')
@Controller('inventory-items')
export class InventoryQueriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ReadsViews(InventoryListProjection.projectionName)
  @ApiViewQuery({
    summary: 'List active items, by name then id',
    type: InventoryListResponse,
    minPositionParam: false,
  })
  list(@Query() { limit = 50, offset = 0 }: ListInventoryItemsParams): Promise<InventoryItemList> {
    return this.queries.execute(new ListInventoryItemsQuery(limit, offset));
  }

  @Get(':id')
  @ReadsViews(InventoryItemDetailsProjection.projectionName)
  @ApiIdParam('Inventory item id')
  @ApiViewQuery({
    summary: 'One item; its version is also the ETag',
    type: InventoryItemResponse,
    notFound: 'INVENTORY_ITEM_NOT_FOUND',
  })
  async get(
    @IdParam() id: string,
    @Res({ passthrough: true }) response: HeaderReply,
  ): Promise<InventoryItemDetails> {
    const item = await this.queries.execute(new GetInventoryItemQuery(id));
    response.header('ETag', `"${item.version}"`);
    return item;
  }

  @Get(':id/history')
  @ReadsViews(THE_LOG)
  @ApiIdParam('Inventory item id')
  @ApiViewQuery({
    summary: 'Every event of the item, from the event log itself',
    type: InventoryItemHistoryResponse,
    notFound: 'INVENTORY_ITEM_NOT_FOUND',
  })
  history(@IdParam() id: string): Promise<InventoryItemHistory> {
    return this.queries.execute(new GetInventoryItemHistoryQuery(id));
  }
}
