import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import {
  ApiCommand,
  ApiIdParam,
  type CommandResult,
  expectedVersion,
  IdParam,
  IfMatchVersion,
  newId,
} from '../../core/index.js';
import { ChangeMaxQtyCommand } from '../commands/change-max-qty.command.js';
import { CheckInItemsCommand } from '../commands/check-in-items.command.js';
import { CreateInventoryItemCommand } from '../commands/create-inventory-item.command.js';
import { DeactivateInventoryItemCommand } from '../commands/deactivate-inventory-item.command.js';
import { RemoveItemsCommand } from '../commands/remove-items.command.js';
import { RenameInventoryItemCommand } from '../commands/rename-inventory-item.command.js';
import { ChangeMaxQtyRequest } from './dto/change-max-qty.request.js';
import { CheckInItemsRequest } from './dto/check-in-items.request.js';
import { CreateInventoryItemRequest } from './dto/create-inventory-item.request.js';
import { DeactivateInventoryItemRequest } from './dto/deactivate-inventory-item.request.js';
import { RemoveItemsRequest } from './dto/remove-items.request.js';
import { RenameInventoryItemRequest } from './dto/rename-inventory-item.request.js';

const NOT_FOUND = 'INVENTORY_ITEM_NOT_FOUND';
const DEACTIVATED = {
  description: 'A deactivated item refuses every command',
  code: 'ITEM_DEACTIVATED',
};
const rules = (description: string, codes: string[], example: string) => ({
  description: `${description}; ${DEACTIVATED.description}`,
  codes: [...codes, DEACTIVATED.code],
  example,
});

@ApiTags('inventory')
@Controller('inventory-items')
export class InventoryCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({ summary: 'Create an inventory item', creates: true })
  create(@Body() { id, name, maxQty }: CreateInventoryItemRequest): Promise<CommandResult> {
    return this.commands.execute(new CreateInventoryItemCommand(id ?? newId(), name, maxQty ?? null));
  }

  @Post(':id/rename')
  @ApiIdParam('Inventory item id')
  @ApiCommand({
    summary: 'Rename an inventory item',
    notFound: NOT_FOUND,
    rules: rules(
      'The item is deactivated',
      [],
      'Inventory item 0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10 is deactivated and refuses every command',
    ),
  })
  rename(
    @IdParam() id: string,
    @Body() body: RenameInventoryItemRequest,
    @IfMatchVersion() ifMatch?: number,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new RenameInventoryItemCommand(id, body.name, expectedVersion(body.expectedVersion, ifMatch)),
    );
  }

  @Post(':id/check-in')
  @ApiIdParam('Inventory item id')
  @ApiCommand({
    summary: 'Check items in to stock',
    notFound: NOT_FOUND,
    rules: rules(
      'Would take currentCount above maxQty',
      ['MAX_QTY_EXCEEDED'],
      'Checking in 5 would take the stock of 98 above its maximum of 100',
    ),
  })
  checkIn(
    @IdParam() id: string,
    @Body() body: CheckInItemsRequest,
    @IfMatchVersion() ifMatch?: number,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new CheckInItemsCommand(id, body.count, expectedVersion(body.expectedVersion, ifMatch)),
    );
  }

  @Post(':id/remove')
  @ApiIdParam('Inventory item id')
  @ApiCommand({
    summary: 'Remove items from stock',
    notFound: NOT_FOUND,
    rules: rules('More than currentCount', ['INSUFFICIENT_STOCK'], 'Cannot take 5 items: only 3 in stock'),
  })
  remove(
    @IdParam() id: string,
    @Body() body: RemoveItemsRequest,
    @IfMatchVersion() ifMatch?: number,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new RemoveItemsCommand(id, body.count, expectedVersion(body.expectedVersion, ifMatch)),
    );
  }

  @Post(':id/max-qty')
  @ApiIdParam('Inventory item id')
  @ApiCommand({
    summary: 'Set the maximum quantity',
    notFound: NOT_FOUND,
    rules: rules(
      'Below currentCount',
      ['MAX_QTY_BELOW_STOCK'],
      'A maximum of 2 is below the 3 items in stock',
    ),
  })
  changeMaxQty(
    @IdParam() id: string,
    @Body() body: ChangeMaxQtyRequest,
    @IfMatchVersion() ifMatch?: number,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ChangeMaxQtyCommand(id, body.maxQty, expectedVersion(body.expectedVersion, ifMatch)),
    );
  }

  @Post(':id/deactivate')
  @ApiIdParam('Inventory item id')
  @ApiCommand({
    summary: 'Deactivate an inventory item',
    notFound: NOT_FOUND,
    rules: rules(
      'Already deactivated',
      [],
      'Inventory item 0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10 is deactivated and refuses every command',
    ),
  })
  deactivate(
    @IdParam() id: string,
    @Body() body: DeactivateInventoryItemRequest,
    @IfMatchVersion() ifMatch?: number,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new DeactivateInventoryItemCommand(id, expectedVersion(body.expectedVersion, ifMatch)),
    );
  }
}
