import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/**
 * Holds `quantity` items for `reservationId`: they leave `currentCount` until released. Refused
 * (NotFoundError, InventoryItemDeactivatedError, InsufficientStockError) when the item is unknown,
 * deactivated or short.
 */
export class ReserveStockCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'ReserveStockCommand';

  constructor(
    readonly itemId: string,
    readonly quantity: number,
    readonly reservationId: string,
  ) {
    super();
  }
}
