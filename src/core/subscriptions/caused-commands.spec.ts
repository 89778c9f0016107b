import { createHash } from 'node:crypto';
import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../domain/command-result.js';
import { fingerprintOf } from './caused-commands.js';

class ShipParcelCommand extends Command<CommandResult> {
  static readonly type = 'ShipParcelCommand';

  constructor(
    readonly parcelId: string,
    readonly weight: number,
  ) {
    super();
  }
}

/** The same command after a refactoring renamed its class: the type name it declares stays. */
class DispatchParcelCommand extends Command<CommandResult> {
  static readonly type = 'ShipParcelCommand';

  constructor(
    readonly parcelId: string,
    readonly weight: number,
  ) {
    super();
  }
}

class UnnamedCommand extends ShipParcelCommand {}

/** As the commands were when the fingerprint took the class name: each declares that name. */
class ReserveStockCommand extends Command<CommandResult> {
  static readonly type = 'ReserveStockCommand';

  constructor(
    readonly itemId: string,
    readonly quantity: number,
    readonly reservationId: string,
  ) {
    super();
  }
}

describe('the fingerprint of a command a saga sends', () => {
  it('is the same across a rename of the class that keeps its type name', () => {
    expect(fingerprintOf(new DispatchParcelCommand('p-1', 3))).toBe(
      fingerprintOf(new ShipParcelCommand('p-1', 3)),
    );
  });

  it('differs with the payload', () => {
    expect(fingerprintOf(new ShipParcelCommand('p-1', 4))).not.toBe(
      fingerprintOf(new ShipParcelCommand('p-1', 3)),
    );
  });

  it('is what it was when the class name was the fingerprint, so recorded saga steps stay valid', () => {
    const command = new ReserveStockCommand('item-1', 2, 'order-1');
    const legacy = createHash('sha256')
      .update(JSON.stringify([command.constructor.name, command]))
      .digest('hex');
    expect(fingerprintOf(command)).toBe(legacy);
  });

  it('refuses a command class without a type name of its own (an inherited one would be a lie)', () => {
    expect(() => fingerprintOf(new UnnamedCommand('p-1', 3))).toThrow(
      'UnnamedCommand has no static type: a command a saga sends needs a stable type name',
    );
  });
});
