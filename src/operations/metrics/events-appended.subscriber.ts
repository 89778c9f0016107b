import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { WRITE_STORE } from '../../core/index.js';
import { AppMetrics } from './app-metrics.js';

/** The table of the event log in the write store. */
const EVENT_LOG = 'event_log';

/**
 * Counts the events this process appends, by type, once their transaction has committed (a rolled
 * back append, such as a lost race that is retried, counts nothing). Listens on the write store's
 * DataSource, so the core needs no hook for it.
 */
@Injectable()
export class EventsAppendedSubscriber implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, string[]>();

  constructor(
    @InjectDataSource(WRITE_STORE) dataSource: DataSource,
    private readonly metrics: AppMetrics,
  ) {
    dataSource.subscribers.push(this);
  }

  afterInsert(event: InsertEvent<{ type?: string }>): void {
    if (event.metadata.tableName !== EVENT_LOG || !event.queryRunner.isTransactionActive) return;
    const types = this.pending.get(event.queryRunner) ?? [];
    types.push(String(event.entity?.type));
    this.pending.set(event.queryRunner, types);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    const types = this.pending.get(queryRunner);
    this.pending.delete(queryRunner);
    for (const type of types ?? []) this.metrics.eventsAppended.inc({ type });
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    this.pending.delete(queryRunner);
  }
}
