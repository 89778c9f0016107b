import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Projection, ReadTransactions } from '../../../src/core/index.js';
import { ItemsCheckedInEvent } from '../../../src/inventory/index.js';

/**
 * A test-only projection with a bug in its view: the view's first schema assumed no check-in ever
 * brings more than 999 items, so a check-in of 1000 or more violates its CHECK constraint. That
 * event is a poison event for this projection alone; the inventory projections apply it as usual.
 * The fix is a schema change (what a migration would ship), applied when the module is `fixed`.
 * SQLite only: the test app runs on SQLite.
 */
export const STOCK_TALLY = 'stock-tally';

const FIXED = Symbol('STOCK_TALLY_FIXED');

@Injectable()
class StockTallyProjection extends Projection {
  readonly name = STOCK_TALLY;
  readonly views = [];

  constructor() {
    super();
    this.on(ItemsCheckedInEvent, (event, manager, { position }) =>
      manager.query('INSERT INTO stock_tally (position, item_id, count) VALUES (?, ?, ?)', [
        position,
        event.itemId,
        event.count,
      ]),
    );
  }
}

/** Stands in for the view's migrations: version 1 has the bad constraint, the fix rebuilds without it. */
@Injectable()
class StockTallySchema implements OnModuleInit {
  constructor(
    private readonly reads: ReadTransactions,
    @Inject(FIXED) private readonly fixed: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reads.run(async ({ manager }) => {
      await manager.query(
        'CREATE TABLE IF NOT EXISTS stock_tally (position integer PRIMARY KEY, item_id varchar(36) NOT NULL, count integer NOT NULL CHECK (count < 1000))',
      );
      if (!this.fixed) return;
      await manager.query('DROP TABLE IF EXISTS stock_tally_v2');
      await manager.query(
        'CREATE TABLE stock_tally_v2 (position integer PRIMARY KEY, item_id varchar(36) NOT NULL, count integer NOT NULL)',
      );
      await manager.query('INSERT INTO stock_tally_v2 SELECT position, item_id, count FROM stock_tally');
      await manager.query('DROP TABLE stock_tally');
      await manager.query('ALTER TABLE stock_tally_v2 RENAME TO stock_tally');
    });
  }
}

@Module({})
export class StockTallyModule {
  static register({ fixed }: { fixed: boolean }): DynamicModule {
    return {
      module: StockTallyModule,
      providers: [{ provide: FIXED, useValue: fixed }, StockTallySchema, StockTallyProjection],
    };
  }
}
