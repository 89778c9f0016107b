import type { DataSource, Repository } from 'typeorm';
import { NotFoundError } from '../../core/index.js';
import { openViewStore } from '../../core/testing/view-store.js';
import { INVENTORY_SCHEMAS } from '../inventory.schemas.js';
import { InventoryItemDetailsView } from '../read-model/inventory-item-details.view.js';
import { InventoryListView } from '../read-model/inventory-list.view.js';
import { GetInventoryItemHandler } from './get-inventory-item.handler.js';
import { GetInventoryItemQuery } from './get-inventory-item.query.js';
import { ListInventoryItemsHandler } from './list-inventory-items.handler.js';
import { ListInventoryItemsQuery } from './list-inventory-items.query.js';

/** A repository whose data source claims another driver, so the handler reads through TypeORM. */
function throughTypeOrm<T extends object>(repository: Repository<T>): Repository<T> {
  const connection = new Proxy(repository.manager.connection, {
    get: (target, key) =>
      key === 'options' ? { ...target.options, type: 'postgres' } : Reflect.get(target, key, target),
  });
  const manager = new Proxy(repository.manager, {
    get: (target, key) => (key === 'connection' ? connection : Reflect.get(target, key, target)),
  });
  return new Proxy(repository, {
    get: (target, key) => (key === 'manager' ? manager : Reflect.get(target, key, target)),
  });
}

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

  it('reads an item exactly as the TypeORM path does, active as a boolean', async () => {
    const fast = new GetInventoryItemHandler(details);
    const slow = new GetInventoryItemHandler(throughTypeOrm(details));
    for (const id of ['a', 'b']) {
      const read = await fast.execute(new GetInventoryItemQuery(id));
      expect(read).toEqual(await slow.execute(new GetInventoryItemQuery(id)));
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

  it('answers 404 for an unknown item on both paths', async () => {
    for (const handler of [
      new GetInventoryItemHandler(details),
      new GetInventoryItemHandler(throughTypeOrm(details)),
    ]) {
      await expect(handler.execute(new GetInventoryItemQuery('nope'))).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('pages the list by name then id, with the total, as the TypeORM path does', async () => {
    const fast = new ListInventoryItemsHandler(list);
    const slow = new ListInventoryItemsHandler(throughTypeOrm(list));
    for (const [limit, offset] of [
      [50, 0],
      [2, 1],
      [3, 4],
      [5, 100],
    ]) {
      const query = new ListInventoryItemsQuery(limit, offset);
      expect(await fast.execute(query)).toEqual(await slow.execute(query));
    }
    expect((await fast.execute(new ListInventoryItemsQuery(3, 0))).items).toEqual([
      { id: 'id-4', name: 'Anchor' },
      { id: 'id-6', name: 'Bolt' },
      { id: 'id-7', name: 'Nut' },
    ]);
    expect((await fast.execute(new ListInventoryItemsQuery(1, 0))).total).toBe(6);
  });
});
