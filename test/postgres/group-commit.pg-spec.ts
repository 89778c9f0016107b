import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { type CommandResult, EventStore, LOG_READER, WriteTransactions } from '../../src/core/index.js';
import { CommandGroups } from '../../src/core/repositories/command-groups.js';
import {
  CheckInItemsCommand,
  CreateInventoryItemCommand,
  InventoryItemCreatedEvent,
} from '../../src/inventory/index.js';
import { postgresSchema, type PostgresSchema, testDatabaseUrl } from '../support/postgres-schema.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { AppProcess } from './support/app-process.js';

/** One application on PostgreSQL, and what these tests read of its log. */
function groupCommitApp(overrides: Parameters<typeof createTestApp>[0] = {}, { keepData = false } = {}) {
  const fixture = {} as {
    testApp: TestApp;
    commands: CommandBus;
    log: DataSource;
    groupSizes: number[];
    /** What opening a group failed with (its members then ran alone, so the commands did not). */
    lockFailures: unknown[];
  };
  beforeAll(async () => {
    fixture.testApp = await createTestApp(overrides);
    fixture.commands = fixture.testApp.app.get(CommandBus);
    fixture.log = fixture.testApp.app.get<DataSource>(getDataSourceToken(LOG_READER));
    const eventStore = fixture.testApp.app.get(EventStore);
    fixture.groupSizes = [];
    fixture.lockFailures = [];
    const openGroup = eventStore.openGroup.bind(eventStore);
    jest.spyOn(eventStore, 'openGroup').mockImplementation((tx, streamIds) => {
      fixture.groupSizes.push(streamIds.length);
      return openGroup(tx, streamIds).catch((error: unknown) => {
        fixture.lockFailures.push(error);
        throw error;
      });
    });
  });
  afterAll(() => fixture.testApp.close({ keepData }));
  return fixture;
}

/** The transactions (xmin) the given streams' events were committed by, and the events per stream. */
async function committedBy(log: DataSource, streamIds: readonly string[]) {
  const rows = (await log.query(
    `SELECT stream_id, version, position, xmin::text AS xid FROM event_log WHERE stream_id = ANY($1)`,
    [streamIds],
  )) as { stream_id: string; version: number; position: string; xid: string }[];
  return { rows, transactions: new Set(rows.map((row) => row.xid)).size };
}

const settledAll = <T>(promises: Array<Promise<T>>) => Promise.allSettled(promises);

describe('group commit of commands on PostgreSQL', () => {
  const pg = groupCommitApp();
  const create = (id: string, maxQty: number | null = null) =>
    pg.commands.execute(new CreateInventoryItemCommand(id, `Item ${id}`, maxQty));
  const checkIn = (id: string, count = 1) => pg.commands.execute(new CheckInItemsCommand(id, count));

  it('commits commands that wait for each other in shared transactions, each answered with its own position', async () => {
    pg.groupSizes.length = 0;
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const results = await Promise.all(ids.map((id) => create(id)));

    const { rows, transactions } = await committedBy(pg.log, ids);
    expect(rows).toHaveLength(40);
    // Fewer transactions than commands: some shared one.
    expect(transactions).toBeLessThan(40);
    expect(Math.max(...pg.groupSizes)).toBeGreaterThan(1);
    results.forEach((result: CommandResult, index) => {
      const row = rows.find((one) => one.stream_id === ids[index]);
      expect(result).toEqual({ id: ids[index], version: 1, position: row?.position });
    });
  });

  it('answers a refused command with its error and commits the others of its group', async () => {
    const capped: string[] = Array.from({ length: 10 }, () => randomUUID());
    const open: string[] = Array.from({ length: 20 }, () => randomUUID());
    await Promise.all([...capped.map((id) => create(id, 1)), ...open.map((id) => create(id))]);
    pg.groupSizes.length = 0;

    const missing = randomUUID();
    const outcomes = await settledAll([
      ...capped.map((id) => checkIn(id, 5)),
      ...open.map((id) => checkIn(id, 2)),
      checkIn(missing),
    ]);

    expect(Math.max(...pg.groupSizes)).toBeGreaterThan(1);
    const refused = outcomes.slice(0, 10);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'MAX_QTY_EXCEEDED' } });
    }
    expect(outcomes[30]).toMatchObject({ status: 'rejected', reason: { code: 'INVENTORY_ITEM_NOT_FOUND' } });
    outcomes.slice(10, 30).forEach((outcome) => expect(outcome).toMatchObject({ status: 'fulfilled' }));

    const { rows } = await committedBy(pg.log, [...capped, ...open, missing]);
    expect(rows.filter((row) => capped.includes(row.stream_id)).map((row) => row.version)).toEqual(
      capped.map(() => 1),
    );
    expect(rows.filter((row) => open.includes(row.stream_id) && row.version === 2)).toHaveLength(20);
    expect(rows.some((row) => row.stream_id === missing)).toBe(false);
  });

  it('decides the commands of one stream one after the other in a group, each on the state the one before left', async () => {
    const hot = randomUUID();
    const others = Array.from({ length: 15 }, () => randomUUID());
    await Promise.all([create(hot, 20), ...others.map((id) => create(id))]);

    const outcomes = await settledAll([
      ...Array.from({ length: 25 }, () => checkIn(hot)),
      ...others.map((id) => checkIn(id)),
    ]);

    // maxQty 20: exactly 20 of the 25 fit, whatever groups they fell in.
    const accepted = outcomes.slice(0, 25).filter((outcome) => outcome.status === 'fulfilled');
    expect(accepted).toHaveLength(20);
    expect(outcomes.slice(0, 25).filter((outcome) => outcome.status === 'rejected')).toEqual(
      Array.from({ length: 5 }, () =>
        expect.objectContaining({ reason: expect.objectContaining({ code: 'MAX_QTY_EXCEEDED' }) }),
      ),
    );
    const { rows, transactions } = await committedBy(pg.log, [hot]);
    expect(rows.map((row) => row.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 21 }, (_, index) => index + 1),
    );
    // Several check-ins of the hot item shared a transaction.
    expect(transactions).toBeLessThan(21);
  });

  it('runs a command whose insert the server refuses alone, and commits the rest of its group', async () => {
    const groups = pg.testApp.app.get(CommandGroups);
    const eventStore = pg.testApp.app.get(EventStore);
    const ids = Array.from({ length: 30 }, () => randomUUID());
    pg.groupSizes.length = 0;
    // The log's stream_type is varchar(100): one member's row makes the group's whole INSERT fail.
    const outcomes = await settledAll(
      ids.map((id, index) =>
        groups.run(id, async (tx) => {
          await eventStore.lockStream(tx, id);
          return eventStore.append(tx, {
            streamId: id,
            streamType: index === 7 ? 'X'.repeat(101) : 'InventoryItem',
            expectedVersion: 0,
            events: [new InventoryItemCreatedEvent(id, 'Widget', null)],
            commit: true,
          });
        }),
      ),
    );

    expect(Math.max(...pg.groupSizes)).toBeGreaterThan(1);
    expect(outcomes[7]).toMatchObject({ status: 'rejected', reason: { code: '22001' } });
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(29);
    const { rows } = await committedBy(pg.log, ids);
    expect(rows.map((row) => row.stream_id).sort()).toEqual(ids.filter((_, index) => index !== 7).sort());
  });
});

/** A socket's error: the connection lost while a statement was on its way, its answer never back. */
const connectionReset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

/** Fails the next statement sent through pg whose SQL `matches`, with `error()` instead of an answer. */
function failNextStatement(
  matches: (sql: string) => boolean,
  error: () => Error = connectionReset,
): { readonly failed: boolean } {
  const state = { failed: false };
  const query = Client.prototype.query;
  jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    if (!state.failed && sql !== undefined && matches(sql)) {
      state.failed = true;
      return Promise.reject(error());
    }
    return (query as (...all: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query);
  return state;
}

/** A group's INSERT of several rows, with the COMMIT in the same query string. */
const groupInsertWithCommit = (sql: string) =>
  sql.startsWith('INSERT INTO event_log') && sql.endsWith('; COMMIT') && sql.includes('), (');

describe('group commit when the commit has no answer', () => {
  const pg = groupCommitApp();
  afterEach(() => jest.restoreAllMocks());

  it('fails the commands of the group with the store error, says they may have been applied, and never runs them again', async () => {
    const connection = failNextStatement(groupInsertWithCommit);
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const outcomes = await settledAll(
      ids.map((id) => pg.commands.execute(new CreateInventoryItemCommand(id, 'Lost'))),
    );

    expect(connection.failed).toBe(true);
    const failed = ids.filter((_, index) => outcomes[index].status === 'rejected');
    expect(failed.length).toBeGreaterThan(1);
    const { rows } = await committedBy(pg.log, ids);
    // Answered with an error: not in the log (nothing ran them again).
    expect(rows.map((row) => row.stream_id).sort()).toEqual(ids.filter((id) => !failed.includes(id)).sort());
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: true });
    expect((rejected.reason as Error).message).toMatch(/may have been applied/);
  });
});

describe('a command alone that loses its connection', () => {
  const pg = groupCommitApp();
  afterEach(() => jest.restoreAllMocks());

  it('says it may have been applied when the connection is lost under its INSERT + COMMIT', async () => {
    const id = randomUUID();
    const connection = failNextStatement(
      (sql) => sql.startsWith('INSERT INTO event_log') && sql.endsWith('; COMMIT') && sql.includes(id),
    );
    const outcome = await pg.commands
      .execute(new CreateInventoryItemCommand(id, 'Lost'))
      .catch((error) => error);

    expect(connection.failed).toBe(true);
    expect(outcome).toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: true });
  });

  it('says it may have been applied when the connection is lost under a COMMIT sent alone', async () => {
    const writes = pg.testApp.app.get(WriteTransactions);
    const connection = failNextStatement((sql) => sql === 'COMMIT');
    const outcome = await writes
      .run(({ manager }) => manager.query('SELECT pg_current_xact_id()'))
      .catch((error) => error);

    expect(connection.failed).toBe(true);
    expect(outcome).toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: true });
  });

  it('says nothing was written when the connection is lost before its commit', async () => {
    const id = randomUUID();
    const connection = failNextStatement((sql) => sql.includes('pg_advisory_xact_lock') && sql.includes(id));
    const outcome = await pg.commands
      .execute(new CreateInventoryItemCommand(id, 'Lost'))
      .catch((error) => error);

    expect(connection.failed).toBe(true);
    expect(outcome).toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: false });
    expect((outcome as Error).message).toMatch(/Nothing was written/);
    expect((await committedBy(pg.log, [id])).rows).toEqual([]);
  });

  it('says nothing was written when the server answers its INSERT + COMMIT with an error', async () => {
    const id = randomUUID();
    // The server's own answer (a SQLSTATE and a severity), as a disk full at the insert would give.
    const answered = failNextStatement(
      (sql) => sql.startsWith('INSERT INTO event_log') && sql.includes(id),
      () => Object.assign(new Error('could not extend file'), { code: '53100', severity: 'ERROR' }),
    );
    const outcome = await pg.commands
      .execute(new CreateInventoryItemCommand(id, 'Full'))
      .catch((error) => error);

    expect(answered.failed).toBe(true);
    expect(outcome).toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: false });
    expect((await committedBy(pg.log, [id])).rows).toEqual([]);
  });
});

describe('group commit of one stream when the insert fails', () => {
  const pg = groupCommitApp();

  it('runs again alone the commands that decided on appends that never committed', async () => {
    const groups = pg.testApp.app.get(CommandGroups);
    const eventStore = pg.testApp.app.get(EventStore);
    const hot = randomUUID();
    await pg.commands.execute(new CreateInventoryItemCommand(hot, 'Hot'));
    pg.groupSizes.length = 0;
    const bad = randomUUID();
    const checkIns = Array.from({ length: 20 }, () => pg.commands.execute(new CheckInItemsCommand(hot, 1)));
    // In the same burst: a member whose row fails the group's whole INSERT (stream_type is varchar(100)).
    const refused = groups.run(bad, async (tx) => {
      await eventStore.lockStream(tx, bad);
      return eventStore.append(tx, {
        streamId: bad,
        streamType: 'X'.repeat(101),
        expectedVersion: 0,
        events: [new InventoryItemCreatedEvent(bad, 'Widget', null)],
        commit: true,
      });
    });
    const more = Array.from({ length: 20 }, () => pg.commands.execute(new CheckInItemsCommand(hot, 1)));

    await expect(refused).rejects.toMatchObject({ code: '22001' });
    const results = await Promise.all([...checkIns, ...more]);
    expect(results.map((result) => result.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, index) => index + 2),
    );
    expect(Math.max(...pg.groupSizes)).toBeGreaterThan(2);
    const { rows } = await committedBy(pg.log, [hot]);
    expect(rows).toHaveLength(41);
  });
});

describe('group commit when a snapshot is due', () => {
  const pg = groupCommitApp({ snapshotEvery: 2 });

  it('lets a snapshot wait in a group up to twice the interval, then runs the command alone to write it', async () => {
    const ids = Array.from({ length: 20 }, () => randomUUID());
    await Promise.all(ids.map((id) => pg.commands.execute(new CreateInventoryItemCommand(id, 'Snap'))));
    pg.groupSizes.length = 0;

    for (let round = 0; round < 4; round++) {
      const results = await Promise.all(ids.map((id) => pg.commands.execute(new CheckInItemsCommand(id, 3))));
      expect(results.map((result) => result.version)).toEqual(ids.map(() => round + 2));
    }

    expect(Math.max(...pg.groupSizes)).toBeGreaterThan(1);
    const snapshots = (await pg.log.query(
      `SELECT stream_id, version, state FROM snapshots WHERE stream_id = ANY($1)`,
      [ids],
    )) as { stream_id: string; version: number; state: string }[];
    expect(snapshots).toHaveLength(20);
    for (const snapshot of snapshots) {
      // At version 5 with SNAPSHOT_EVERY 2: a load replays at most 2 x 2 - 1 events.
      expect(5 - snapshot.version).toBeLessThan(4);
      expect(JSON.parse(snapshot.state)).toMatchObject({ currentCount: 3 * (snapshot.version - 1) });
    }
  });
});

describe('group commit in two processes on the same streams', () => {
  // Two applications on one schema, as two command processes: each groups its own commands.
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-groups-'));
  // The second closes first (after* hooks run in reverse) and leaves the schema to the first.
  const first = groupCommitApp({ dataDir });
  const second = groupCommitApp({ dataDir }, { keepData: true });

  it('never deadlocks: every group locks its streams in one order', async () => {
    const ids = Array.from({ length: 12 }, () => randomUUID());
    await Promise.all(ids.map((id) => first.commands.execute(new CreateInventoryItemCommand(id, 'Shared'))));
    first.groupSizes.length = 0;
    second.groupSizes.length = 0;

    const rounds = 15;
    const all: Array<Promise<CommandResult>> = [];
    for (let round = 0; round < rounds; round++) {
      // The same streams, arriving in opposite orders in the two processes.
      for (const id of ids) all.push(first.commands.execute(new CheckInItemsCommand(id, 1)));
      for (const id of ids.toReversed()) all.push(second.commands.execute(new CheckInItemsCommand(id, 1)));
    }
    const outcomes = await settledAll(all);

    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    // A deadlock would not fail a command (its group's members run again alone) but the lock.
    expect([...first.lockFailures, ...second.lockFailures]).toEqual([]);
    expect(Math.max(...first.groupSizes, ...second.groupSizes)).toBeGreaterThan(1);
    const { rows } = await committedBy(first.log, ids);
    expect(rows).toHaveLength(ids.length * (1 + 2 * rounds));
  });
});

describe('kill -9 of a process in the middle of its group commits', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-groups-kill-'));
  let schema: PostgresSchema;
  let server: AppProcess | undefined;
  let log: Client;

  beforeAll(async () => {
    schema = await postgresSchema(testDatabaseUrl()!, dataDir);
    log = new Client({ connectionString: schema.url });
    await log.connect();
  });
  afterAll(async () => {
    await server?.stop();
    await log?.end();
    await schema?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged command, and commits each group whole or not at all', async () => {
    server = await AppProcess.start('all', { DATABASE_URL: schema.url, READ_DATABASE_URL: schema.url });
    const url = server.url;
    const items = await Promise.all(
      Array.from({ length: 48 }, async (_, index) => {
        const created = await fetch(`${url}/inventory-items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Kill ${index}` }),
        });
        return ((await created.json()) as { id: string }).id;
      }),
    );
    const acknowledged: Array<{ id: string; version: number; position: string }> = [];
    const load = { running: true };
    const clients = items.map(async (id) => {
      while (load.running) {
        try {
          const answer = await fetch(`${url}/inventory-items/${id}/check-in`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ count: 1 }),
          });
          if (answer.status === 200)
            acknowledged.push((await answer.json()) as (typeof acknowledged)[number]);
        } catch {
          return; // the process is gone
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await server.kill();
    load.running = false;
    await Promise.all(clients);
    server = undefined;

    const { rows } = await log.query<{ stream_id: string; version: number; position: string; xid: string }>(
      `SELECT stream_id, version, position::text, xmin::text AS xid FROM event_log
        WHERE type = 'ItemsCheckedIn' AND stream_id = ANY($1)`,
      [items],
    );
    const logged = new Set(rows.map((row) => `${row.stream_id}@${row.version}#${row.position}`));
    expect(acknowledged.length).toBeGreaterThan(100);
    expect(acknowledged.filter((ack) => !logged.has(`${ack.id}@${ack.version}#${ack.position}`))).toEqual([]);
    // The process was grouping when it died: transactions carried several commands.
    const perTransaction = new Map<string, number>();
    for (const row of rows) perTransaction.set(row.xid, (perTransaction.get(row.xid) ?? 0) + 1);
    expect(Math.max(...perTransaction.values())).toBeGreaterThan(1);
    // Versions without holes per stream: no group committed part of its members.
    for (const id of items) {
      const versions = rows
        .filter((row) => row.stream_id === id)
        .map((row) => row.version)
        .sort((a, b) => a - b);
      expect(versions).toEqual(versions.map((_, index) => index + 2));
    }
  }, 120000);
});
