import { Injectable, Logger } from '@nestjs/common';
import { CausedCommands, Reactor, type RecordedEvent } from '../../core/index.js';
import { ReleaseStockCommand, ReserveStockCommand } from '../../inventory/index.js';
import { ConfirmOrderCommand } from '../commands/confirm-order.command.js';
import { RejectOrderCommand } from '../commands/reject-order.command.js';
import type { OrderLine } from '../domain/order-line.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';

/**
 * OrderPlaced -> reserve each line's stock in turn -> confirm; or, at the first line inventory
 * refuses (unknown, deactivated or short item), release the lines already reserved and reject with
 * the reason. OrderCancelled -> release every line.
 *
 * Every command carries a command id derived from the triggering event and the step, and the write
 * side answers a repeated id with its first outcome (accepted or refused). So the whole reaction is a
 * deterministic replay: the runtime may deliver an event again after a crash at any point, and each
 * step that was done answers as before without doing anything, while the remaining steps get done.
 */
@Injectable()
export class OrderFulfilmentSaga extends Reactor {
  readonly name = 'order-fulfilment';
  private readonly logger = new Logger(OrderFulfilmentSaga.name);

  constructor(private readonly commands: CausedCommands) {
    super();
    this.on(OrderPlacedEvent, (event, recorded) => this.fulfil(event, recorded));
    this.on(OrderCancelledEvent, (event, recorded) => this.releaseAll(event.orderId, event.lines, recorded));
  }

  private async fulfil({ orderId, lines }: OrderPlacedEvent, cause: RecordedEvent): Promise<void> {
    const reserved: number[] = [];
    for (const [index, line] of lines.entries()) {
      const outcome = await this.commands.send(
        cause,
        `reserve-${index}`,
        new ReserveStockCommand(line.itemId, line.quantity, orderId),
      );
      if (!outcome.accepted) {
        await this.release(orderId, lines, reserved, cause);
        const reason = `Line ${index + 1} (item ${line.itemId}, quantity ${line.quantity}): ${outcome.message}`;
        await this.settle(cause, 'reject', new RejectOrderCommand(orderId, reason));
        return;
      }
      reserved.push(index);
    }
    const confirmed = await this.commands.send(cause, 'confirm', new ConfirmOrderCommand(orderId));
    // Only a pending order can be confirmed and nothing else moves it while pending; should that
    // ever change, the stock must not stay held for an order that does not hold it.
    if (!confirmed.accepted) {
      this.logger.warn(`Order ${orderId} could not be confirmed (${confirmed.message}); releasing its stock`);
      await this.release(orderId, lines, reserved, cause);
    }
  }

  private releaseAll(orderId: string, lines: readonly OrderLine[], cause: RecordedEvent): Promise<void> {
    return this.release(orderId, lines, [...lines.keys()], cause);
  }

  private async release(
    orderId: string,
    lines: readonly OrderLine[],
    indexes: readonly number[],
    cause: RecordedEvent,
  ): Promise<void> {
    for (const index of indexes) {
      const { itemId, quantity } = lines[index];
      await this.settle(cause, `release-${index}`, new ReleaseStockCommand(itemId, quantity, orderId));
    }
  }

  /** A step whose refusal would mean a bug elsewhere: logged, never retried for ever. */
  private async settle(
    cause: RecordedEvent,
    step: string,
    command: ReleaseStockCommand | RejectOrderCommand,
  ): Promise<void> {
    const outcome = await this.commands.send(cause, step, command);
    if (!outcome.accepted) {
      this.logger.error(`${step} after ${cause.type} at ${cause.position} was refused: ${outcome.message}`);
    }
  }
}
