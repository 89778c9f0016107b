import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/**
 * Gives `quantity` items held for `reservationId` back to `currentCount`. Works on a deactivated
 * item too, so that the books stay right; refused (ReleaseExceedsReservedError) beyond what is held.
 */
export class ReleaseStockCommand extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = 'ReleaseStockCommand';

  constructor(
    readonly itemId: string,
    readonly quantity: number,
    readonly reservationId: string,
  ) {
    super();
  }
}
