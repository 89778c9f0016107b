import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { READ_STORE, WRITE_STORE } from './data-source-names.js';
import { TransactionRunner } from './transaction-runner.js';

/** Transactions on the write store: every write of the command side goes through here. */
@Injectable()
export class WriteTransactions extends TransactionRunner {
  constructor(@InjectDataSource(WRITE_STORE) dataSource: DataSource) {
    super(dataSource);
  }
}

/** Transactions on the read store: every write of a projection goes through here. */
@Injectable()
export class ReadTransactions extends TransactionRunner {
  constructor(@InjectDataSource(READ_STORE) dataSource: DataSource) {
    super(dataSource);
  }
}
