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
import { CancelOrderCommand } from '../commands/cancel-order.command.js';
import { PlaceOrderCommand } from '../commands/place-order.command.js';
import { CancelOrderRequest } from './dto/cancel-order.request.js';
import { PlaceOrderRequest } from './dto/place-order.request.js';

@ApiTags('orders')
@Controller('orders')
export class OrdersCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({
    summary: 'Place an order (pending; the fulfilment saga then confirms or rejects it)',
    creates: true,
  })
  place(@Body() { id, lines }: PlaceOrderRequest): Promise<CommandResult> {
    return this.commands.execute(
      new PlaceOrderCommand(
        id ?? newId(),
        lines.map(({ itemId, quantity }) => ({ itemId, quantity })),
      ),
    );
  }

  @Post(':id/cancel')
  @ApiIdParam('Order id')
  @ApiCommand({
    summary: 'Cancel a confirmed order; its stock goes back to inventory',
    notFound: 'ORDER_NOT_FOUND',
    rules: {
      description: 'The order is pending, rejected or cancelled already',
      codes: ['ORDER_NOT_CANCELLABLE'],
      example:
        'Order 0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10 is rejected: only a confirmed order can be cancelled',
    },
  })
  cancel(
    @IdParam() id: string,
    @Body() body: CancelOrderRequest,
    @IfMatchVersion() ifMatch?: number,
  ): Promise<CommandResult> {
    return this.commands.execute(new CancelOrderCommand(id, expectedVersion(body.expectedVersion, ifMatch)));
  }
}
