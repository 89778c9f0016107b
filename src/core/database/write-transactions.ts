import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { READ_STORE, WRITE_STORE } from './data-source-names.js';
import { StoreProbeEntity } from './store-probe.entity.js';
import { TransactionRunner } from './transaction-runner.js';

/** Transactions on the write store: every write of the command side goes through here. */
@Injectable()
export class WriteTransactions extends TransactionRunner {
  constructor(@InjectDataSource(WRITE_STORE) dataSource: DataSource) {
    super(dataSource, { beginWithFirstStatement: true });
  }

  /**
   * Commits one small write, in turn with the commands: resolves once it is durable, rejects (with
   * StoreUnavailableError for a storage fault) when the store cannot commit. For /health.
   */
  probe(name: string): Promise<void> {
    return this.run(async ({ manager }) => {
      await manager.upsert(StoreProbeEntity, { name, probedAt: new Date().toISOString() }, ['name']);
    });
  }
}

/**
 * Transactions on the read store: every write of a projection goes through here. Begun with their
 * first statement too: a projector's batch is then two round trips (see ViewTable).
 */
@Injectable()
export class ReadTransactions extends TransactionRunner {
  constructor(@InjectDataSource(READ_STORE) dataSource: DataSource) {
    super(dataSource, { beginWithFirstStatement: true });
  }
}
