import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { READ_STORE } from '../../../src/core/index.js';
import { ShadowTables } from '../../../src/core/projections/shadow-tables.js';
import { Api } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/**
 * A rebuild interrupted by kill -9 leaves its copies behind (`rebuild__*` tables with their indexes):
 * the next start drops them, before the projection runs, rather than at that projection's next rebuild.
 * The leftovers are made here as the rebuild makes them (ShadowTables.create), then the app restarts.
 */
async function leftovers(store: DataSource): Promise<string[]> {
  const sql =
    store.options.type === 'postgres'
      ? `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rebuild\\_\\_%'
         UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'rebuild\\_\\_%'`
      : `SELECT name FROM sqlite_master WHERE name LIKE 'rebuild\\_\\_%' ESCAPE '\\'`;
  return ((await store.query(sql)) as Array<{ name: string }>).map((row) => row.name).sort();
}

describe('rebuild leftovers at start-up', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps.toReversed()) await app.close().catch(() => undefined);
  });

  it('drops the rebuild__ tables and their indexes of an interrupted rebuild, and the views still answer', async () => {
    const first = await createTestApp();
    apps.push(first);
    const created = await new Api(first.app).createItem({ name: 'Left over' });
    const store = first.app.get<DataSource>(getDataSourceToken(READ_STORE));
    const runner = store.createQueryRunner();
    await new ShadowTables(['inventory_list', 'inventory_item_details']).create(runner);
    await runner.release();
    expect(await leftovers(store)).toEqual(
      expect.arrayContaining([
        'rebuild__inventory_item_details',
        'rebuild__inventory_list',
        'rebuild__ix_inventory_list_name_id',
      ]),
    );
    await first.close({ keepData: true });
    apps.pop();

    const second = await createTestApp({ dataDir: first.config.dataDir });
    apps.push(second);
    expect(await leftovers(second.app.get<DataSource>(getDataSourceToken(READ_STORE)))).toEqual([]);
    const read = await new Api(second.app).item(created.id, created);
    expect(read.body).toMatchObject({ id: created.id, name: 'Left over' });
  });
});
