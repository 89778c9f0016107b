import type { DataSource, Repository } from 'typeorm';
import { NotFoundError, ViewCache } from '../../core/index.js';
import { openViewStore } from '../../core/testing/view-store.js';
import { INVENTORY_SCHEMAS } from '../inventory.schemas.js';
import { InventoryItemDetailsView } from '../read-model/inventory-item-details.view.js';
import { InventoryListView } from '../read-model/inventory-list.view.js';
import { GetInventoryItemHandler } from './get-inventory-item.handler.js';
import { GetInventoryItemQuery } from './get-inventory-item.query.js';
import { ListInventoryItemsHandler } from './list-inventory-items.handler.js';
import { ListInventoryItemsQuery } from './list-inventory-items.query.js';

// The handlers read through ViewStatement (no TypeORM in the way); TypeORM's own reads of the same
// rows are the oracle. On PostgreSQL the end-to-end suite (npm run test:postgres) reads the same routes.
describe('inventory query handlers on SQLite prepared statements', () => {
  let views: DataSource;
  let details: Repository<InventoryItemDetailsView>;
  let list: Repository<InventoryListView>;

  beforeAll(async () => {
    views = await openViewStore(INVENTORY_SCHEMAS);
    details = views.getRepository(InventoryItemDetailsView);
    list = views.getRepository(InventoryListView);
    await details.insert([
      { id: 'a', name: 'Widget', currentCount: 5, maxQty: null, version: 2, active: true },
      { id: 'b', name: 'Bolt', currentCount: 0, maxQty: 10, version: 7, active: false },
    ]);
    // Same names on purpose: the order falls back to the id.
    await list.insert(
      ['x', 'Nut', 'Nut', 'Bolt', 'Washer', 'Anchor'].map((name, index) => ({ id: `id-${9 - index}`, name })),
    );
  });
  afterAll(() => views.destroy());

  it('reads an item exactly as TypeORM does, active as a boolean', async () => {
    const fast = new GetInventoryItemHandler(details, new ViewCache());
    for (const id of ['a', 'b']) {
      const read = await fast.execute(new GetInventoryItemQuery(id));
      expect(read).toEqual({ ...(await details.findOneByOrFail({ id })) });
      expect(typeof read.active).toBe('boolean');
    }
    expect(await fast.execute(new GetInventoryItemQuery('b'))).toEqual({
      id: 'b',
      name: 'Bolt',
      currentCount: 0,
      maxQty: 10,
      version: 7,
      active: false,
    });
  });

  it('answers 404 for an unknown item', async () => {
    await expect(
      new GetInventoryItemHandler(details, new ViewCache()).execute(new GetInventoryItemQuery('nope')),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages the list by name then id, with the total, as TypeORM does', async () => {
    const fast = new ListInventoryItemsHandler(list);
    for (const [limit, offset] of [
      [50, 0],
      [2, 1],
      [3, 4],
      [5, 100],
    ]) {
      const query = new ListInventoryItemsQuery(limit, offset);
      const items = await list.find({ order: { name: 'ASC', id: 'ASC' }, skip: offset, take: limit });
      expect(await fast.execute(query)).toEqual({
        items: items.map((item) => ({ ...item })),
        total: 6,
        limit,
        offset,
      });
    }
    expect((await fast.execute(new ListInventoryItemsQuery(3, 0))).items).toEqual([
      { id: 'id-4', name: 'Anchor' },
      { id: 'id-6', name: 'Bolt' },
      { id: 'id-7', name: 'Nut' },
    ]);
    expect((await fast.execute(new ListInventoryItemsQuery(1, 0))).total).toBe(6);
  });
});
