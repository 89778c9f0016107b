import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EventStore, LOG_READER, type Transaction, WriteTransactions } from '../../../src/core/index.js';
import { InventoryItemCreatedEvent } from '../../../src/inventory/index.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** What the specs of the log on PostgreSQL drive directly, set once their app has started. */
export interface LogFixture {
  testApp: TestApp;
  eventStore: EventStore;
  writes: WriteTransactions;
  /** The log's own reader, outside any write transaction. */
  log: DataSource;
  /** Appends a new item's creation to its stream (version 0) in `tx`. */
  appendCreatedItem(tx: Transaction, id?: string): ReturnType<EventStore['append']>;
}

/** Starts one application for the calling describe block (and closes it after). */
export function logFixture(): LogFixture {
  const fixture = {
    appendCreatedItem: (tx: Transaction, id: string = randomUUID()) =>
      fixture.eventStore.append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: 0,
        events: [new InventoryItemCreatedEvent(id, 'Widget', null)],
      }),
  } as LogFixture;
  beforeAll(async () => {
    fixture.testApp = await createTestApp();
    fixture.eventStore = fixture.testApp.app.get(EventStore);
    fixture.writes = fixture.testApp.app.get(WriteTransactions);
    fixture.log = fixture.testApp.app.get<DataSource>(getDataSourceToken(LOG_READER));
  });
  afterAll(() => fixture.testApp.close());
  return fixture;
}
