import { randomUUID } from 'node:crypto';
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

const DEACTIVATED = 'A deactivated item refuses every command';

@ApiTags('inventory')
@Controller('inventory-items')
export class InventoryCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({ summary: 'Create an inventory item', creates: true })
  create(@Body() { id, name, maxQty }: CreateInventoryItemRequest): Promise<CommandResult> {
    return this.commands.execute(new CreateInventoryItemCommand(id ?? randomUUID(), name, maxQty ?? null));
  }

  @Post(':id/rename')
  @ApiIdParam('Inventory item id')
  @ApiCommand({ summary: 'Rename an inventory item', rules: DEACTIVATED })
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
  @ApiCommand({ summary: 'Check items in to stock', rules: `Would exceed maxQty; ${DEACTIVATED}` })
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
  @ApiCommand({ summary: 'Remove items from stock', rules: `More than currentCount; ${DEACTIVATED}` })
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
  @ApiCommand({ summary: 'Set the maximum quantity', rules: `Below currentCount; ${DEACTIVATED}` })
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
  @ApiCommand({ summary: 'Deactivate an inventory item', rules: 'Already deactivated' })
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
