import { rmSync } from 'node:fs';
import { CommandBus } from '@nestjs/cqrs';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { processIdentity, ReadTransactions, VIEW_READER } from '../../../src/core/index.js';
import { CheckInItemsCommand } from '../../../src/inventory/index.js';
import { Api, type CommandResult, newId } from '../../support/api.js';
import { postgresSchema, testDatabaseUrl } from '../../support/postgres-schema.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const TOKEN = 'projections-test-token';
const ADMIN = { Authorization: `Bearer ${TOKEN}` };

interface ProjectionState {
  name: string;
  kind: string;
  position: string;
  headPosition: string;
  lag: number;
  status: string;
  lastError: string | null;
}

describe('GET /projections and POST /projections/:name/rebuild', () => {
  let testApp: TestApp;
  let api: Api;
  let views: DataSource;

  const states = async (): Promise<ProjectionState[]> => {
    const response = await api.get('/projections');
    expect(response.status).toBe(200);
    return response.body as ProjectionState[];
  };
  const stateOf = async (name: string) => (await states()).find((state) => state.name === name)!;
  /** Waits until both views `rows()` reads have applied `after`: each route waits only for its own. */
  const caughtUp = async (after: CommandResult) => {
    await api.get('/inventory-items', { minPosition: after.position }).expect(200);
    await api.item(after.id, after).expect(200);
  };
  const rows = () =>
    Promise.all([
      views.query('SELECT * FROM inventory_list ORDER BY id'),
      views.query('SELECT * FROM inventory_item_details ORDER BY id'),
    ]);

  /** Waits for the rebuild to end, driving `load` meanwhile (the status is the signal, not a timer). */
  async function untilRebuilt(name: string, load: () => Promise<void> = async () => undefined) {
    const seen: string[] = [];
    for (;;) {
      const { status } = await stateOf(name);
      seen.push(status);
      if (status !== 'rebuilding') return seen;
      await load();
    }
  }

  beforeAll(async () => {
    testApp = await createTestApp({ adminToken: TOKEN });
    api = new Api(testApp.app);
    views = testApp.app.get<DataSource>(getDataSourceToken(VIEW_READER));
  });
  afterAll(() => testApp.close());

  it('lists every processor with its kind, positions as strings, lag, status, last error and dead letters', async () => {
    const created = await api.createItem();
    await api.item(created.id, created).expect(200);
    const list = await states();
    // Other modules (orders) add their own projections: inventory's must be there, each name once.
    const names = list.map((state) => state.name);
    expect(names).toEqual(
      expect.arrayContaining(['inventory-item-details', 'inventory-list', 'order-fulfilment', 'event-bus']),
    );
    expect(Object.fromEntries(list.map(({ name, kind }) => [name, kind]))).toMatchObject({
      'inventory-item-details': 'projection',
      'order-fulfilment': 'reactor',
      'event-bus': 'reactor',
    });
    expect(new Set(names).size).toBe(names.length);
    for (const state of list) {
      expect(state).toEqual({
        name: expect.any(String),
        kind: expect.stringMatching(/^(projection|reactor|forwarder)$/),
        position: expect.stringMatching(/^\d+$/),
        headPosition: expect.stringMatching(/^\d+$/),
        lag: Number(state.headPosition) - Number(state.position),
        status: expect.stringMatching(/^(running|catching-up)$/),
        lastError: null,
        failedPosition: null,
        deadLetters: 0,
        // The one process runs every processor: it names itself as the holder of each lease.
        holder: processIdentity('all'),
      });
      expect(state.lag).toBeGreaterThanOrEqual(0);
    }
    const details = list.find((state) => state.name === 'inventory-item-details')!;
    expect(Number(details.position)).toBeGreaterThanOrEqual(Number(created.position));
  });

  it('answers 404 to the rebuild of an unknown projection', async () => {
    const response = await api.post('/projections/no-such-view/rebuild', {}, ADMIN);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('rebuilds a view under query load: no query fails and the new view equals the old row for row', async () => {
    // Enough events for the rebuild to take several batches (of 500) while the queries run.
    const items: CommandResult[] = [];
    for (let chunk = 0; chunk < 6; chunk++) {
      const names = Array.from({ length: 25 }, (_, i) => `Rebuild ${chunk * 25 + i} ${newId()}`);
      items.push(...(await Promise.all(names.map((name) => api.createItem({ name })))));
    }
    const commands = testApp.app.get(CommandBus);
    for (let round = 1; round <= 8; round++) {
      await Promise.all(items.map((item) => commands.execute(new CheckInItemsCommand(item.id, round))));
    }
    await api.post(`/inventory-items/${items[0].id}/deactivate`).expect(200);
    const renamed = await api.post(`/inventory-items/${items[1].id}/rename`, { name: 'Renamed' }).expect(200);
    const last = renamed.body as CommandResult;
    await caughtUp(last);
    const before = await rows();

    // Damage the live views behind the projections' back: only a rebuild from the log repairs them.
    await testApp.app.get(ReadTransactions).run(async ({ manager }) => {
      await manager.query('UPDATE inventory_item_details SET current_count = 999');
      await manager.query('DELETE FROM inventory_list');
    });

    const failures: string[] = [];
    let queries = 0;
    const query = async () => {
      const item = items[queries % items.length];
      const [one, list] = await Promise.all([
        api.item(item.id),
        api.get('/inventory-items', { limit: 10, offset: queries % 50 }),
      ]);
      queries += 2;
      for (const response of [one, list]) {
        if (response.status !== 200 && !(response.status === 404 && response === one)) {
          failures.push(`${response.status} ${JSON.stringify(response.body)}`);
        }
      }
    };
    // Two loads: one runs freely (so queries also meet the swap), the other takes turns with the
    // rebuild's batches in the read store's queue (so queries surely run between batches).
    const loads = { running: true };
    let queriesWhileRebuilding = 0;
    const reads = testApp.app.get(ReadTransactions);
    const load = Promise.all([
      (async () => {
        while (loads.running) await Promise.all([query(), query()]);
      })(),
      (async () => {
        while (loads.running) await reads.exclusively(() => Promise.all([query(), query()]));
      })(),
    ]);

    try {
      for (const name of ['inventory-list', 'inventory-item-details']) {
        const queriesBefore = queries;
        const started = await api.post(`/projections/${name}/rebuild`, {}, ADMIN);
        expect(started.status).toBe(202);
        expect(started.body).toEqual({ name, status: 'rebuilding' });
        await untilRebuilt(name);
        queriesWhileRebuilding += queries - queriesBefore;
      }
    } finally {
      loads.running = false;
      await load;
    }

    expect(failures).toEqual([]);
    expect(queriesWhileRebuilding).toBeGreaterThan(20);
    expect(await rows()).toEqual(before);
    for (const state of await states()) expect(state).toMatchObject({ lastError: null, lag: 0 });
    // The copies are gone, and the live indexes and primary keys keep their names (read through
    // TypeORM's schema API: SQLite and PostgreSQL keep their catalogues in different places).
    const queryRunner = views.createQueryRunner();
    try {
      const tables = await queryRunner.getTables();
      const names = tables.flatMap((table) => [table.name, ...table.indices.map((index) => index.name)]);
      expect(names.filter((name) => name?.startsWith('rebuild'))).toEqual([]);
      const list = await queryRunner.getTable('inventory_list');
      const details = await queryRunner.getTable('inventory_item_details');
      expect(list!.indices.map((index) => index.name)).toEqual(['ix_inventory_list_name_id']);
      expect(details!.indices).toEqual([]);
      // Unset: the naming strategy's name for the live table, the one its migration created.
      for (const table of [list!, details!]) {
        expect(table.primaryColumns.map((column) => column.primaryKeyConstraintName)).toEqual([undefined]);
      }
    } finally {
      await queryRunner.release();
    }
  }, 60_000);

  it('keeps every command written during a rebuild', async () => {
    const item = await api.createItem({ name: `During ${newId()}` });
    await api.post('/projections/inventory-item-details/rebuild', {}, ADMIN).expect(202);
    let last = item;
    for (let i = 0; i < 20; i++) last = await api.checkIn(item.id, 1);
    await untilRebuilt('inventory-item-details');
    // Its second rebuild: the copy must not clash with what the first one swapped in.
    expect((await stateOf('inventory-item-details')).lastError).toBeNull();
    const read = await api.item(item.id, last);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ currentCount: 20, version: 21 });
  });

  it('starts over from the copy a crashed rebuild left behind', async () => {
    await caughtUp(await api.createItem({ name: `Leftover ${newId()}` }));
    const before = await rows();
    await testApp.app.get(ReadTransactions).run(async ({ manager }) => {
      await manager.query(
        'CREATE TABLE rebuild__inventory_list (id varchar(36) PRIMARY KEY, name varchar(200))',
      );
      await manager.query("INSERT INTO rebuild__inventory_list VALUES ('junk', 'junk')");
    });
    await api.post('/projections/inventory-list/rebuild', {}, ADMIN).expect(202);
    await untilRebuilt('inventory-list');
    expect(await rows()).toEqual(before);
    expect((await stateOf('inventory-list')).lastError).toBeNull();
  });

  it('keeps the live view and reports the error when a rebuild fails', async () => {
    await caughtUp(await api.createItem({ name: `Failing ${newId()}` }));
    const before = await rows();
    const reads = testApp.app.get(ReadTransactions);
    // A view (not a table) under the copy's name: the rebuild cannot make its copy (so the
    // "Rebuild of projection inventory-list failed: ... view already exists" error log is expected).
    await reads.run(({ manager }) =>
      manager.query('CREATE VIEW rebuild__inventory_list AS SELECT * FROM inventory_list'),
    );
    try {
      await api.post('/projections/inventory-list/rebuild', {}, ADMIN).expect(202);
      await untilRebuilt('inventory-list');
      const state = await stateOf('inventory-list');
      expect(state).toMatchObject({
        status: 'running',
        lastError: expect.stringMatching(/^rebuild failed: /),
      });
      expect(await rows()).toEqual(before);
      const later = await api.createItem({ name: `After failure ${newId()}` });
      await api.get('/inventory-items', { minPosition: later.position }).expect(200);
    } finally {
      await reads.run(({ manager }) => manager.query('DROP VIEW rebuild__inventory_list'));
    }
    await api.post('/projections/inventory-list/rebuild', {}, ADMIN).expect(202);
    await untilRebuilt('inventory-list');
    expect((await stateOf('inventory-list')).lastError).toBeNull();
  });

  it('answers 409 to a second rebuild of the same projection while the first runs, and shows it rebuilding', async () => {
    // Hold the read store's queue so that the first rebuild cannot finish before we look.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = testApp.app.get(ReadTransactions).run(() => gate);
    try {
      await api.post('/projections/inventory-list/rebuild', {}, ADMIN).expect(202);
      const second = await api.post('/projections/inventory-list/rebuild', {}, ADMIN);
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      expect((await stateOf('inventory-list')).status).toBe('rebuilding');
      // Another projection can be rebuilt meanwhile.
      await api.post('/projections/inventory-item-details/rebuild', {}, ADMIN).expect(202);
    } finally {
      release();
      await held;
    }
    await untilRebuilt('inventory-list');
    await untilRebuilt('inventory-item-details');
    const again = await api.post('/projections/inventory-list/rebuild', {}, ADMIN);
    expect(again.status).toBe(202);
    await untilRebuilt('inventory-list');
  });
});

describe('/projections by role', () => {
  it('is served where projections run and answers 404 in the command and query roles', async () => {
    // As in production, the roles share stores another process has migrated: a query process never
    // migrates (it may run on a read-only replica), so on a fresh PostgreSQL schema it has no tables.
    const migrated = await createTestApp();
    const { dataDir } = migrated.config;
    await migrated.close({ keepData: true });
    try {
      for (const [role, status] of [
        ['projector', 200],
        ['query', 404],
        ['command', 404],
      ] as const) {
        const testApp = await createTestApp({ role, dataDir });
        try {
          const api = new Api(testApp.app);
          expect((await api.get('/projections')).status).toBe(status);
          expect((await api.get('/health')).status).toBe(200);
          expect((await api.get('/metrics')).status).toBe(200);
        } finally {
          await testApp.close({ keepData: true });
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      const databaseUrl = testDatabaseUrl();
      if (databaseUrl) await (await postgresSchema(databaseUrl, dataDir)).drop();
    }
  });
});
