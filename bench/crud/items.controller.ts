import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { CheckInRequest, CreateItemRequest, ListParams } from './dto.js';
import { ItemsService } from './items.service.js';

/** The inventory routes the benchmark drives, with the application's paths, bodies and answers. */
@Controller('inventory-items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Post()
  create(@Body() { id, name, maxQty }: CreateItemRequest) {
    return this.items.create(id, name, maxQty ?? null);
  }

  @Post(':id/check-in')
  @HttpCode(200)
  checkIn(@Param('id', ParseUUIDPipe) id: string, @Body() { count, expectedVersion }: CheckInRequest) {
    return this.items.checkIn(id, count, expectedVersion);
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  list(@Query() { limit = 50, offset = 0 }: ListParams) {
    return this.items.list(limit, offset);
  }

  @Get(':id')
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) response: { header(name: string, value: string): unknown },
  ) {
    const item = await this.items.get(id);
    response.header('ETag', `"${item.version}"`);
    return item;
  }
}
