import { type DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { Projection, Reactor } from '../../src/core/index.js';
import { ItemsCheckedInEvent } from '../../src/inventory/index.js';

export const PICKY_REACTOR = 'picky-reactor';
export const PICKY_PROJECTION = 'picky-projection';

/** The check-in counts each picky processor refuses; a test adds and removes counts as it goes. */
export class Refusals {
  readonly reactor = new Set<number>();
  readonly projection = new Set<number>();
  /** The positions of the check-ins the reactor has handled, in order (a redelivery shows twice). */
  readonly handled: number[] = [];
}

function check(refused: Set<number>, count: number): void {
  if (refused.has(count)) throw new Error(`refuses a check-in of ${count}`);
}

const REFUSALS = Symbol('REFUSALS');
/** Tried twice, 10 ms apart, then failed: a test need not wait long for `failed`. */
const QUICK = { attempts: 2, firstDelayMs: 10, maxDelayMs: 10 };

@Injectable()
class PickyReactor extends Reactor {
  readonly name = PICKY_REACTOR;
  override readonly retry = QUICK;

  constructor(@Inject(REFUSALS) refusals: Refusals) {
    super();
    this.on(ItemsCheckedInEvent, async (event, { position }) => {
      check(refusals.reactor, event.count);
      refusals.handled.push(position);
    });
  }
}

@Injectable()
class PickyProjection extends Projection {
  readonly name = PICKY_PROJECTION;
  readonly views = [];
  override readonly retry = QUICK;

  constructor(@Inject(REFUSALS) refusals: Refusals) {
    super();
    this.on(ItemsCheckedInEvent, async (event) => check(refusals.projection, event.count));
  }
}

/**
 * Test-only processors beside the application's: a reactor and a projection that fail on the
 * check-in counts `refusals` lists for each (a poison event), as a bug or a refusing service would.
 */
@Module({})
export class PickyProcessorsModule {
  static register(refusals: Refusals): DynamicModule {
    return {
      module: PickyProcessorsModule,
      providers: [{ provide: REFUSALS, useValue: refusals }, PickyReactor, PickyProjection],
    };
  }
}
