import type { DataSource, Repository } from 'typeorm';
import { NotFoundError, ViewCache } from '../../core/index.js';
import { openViewStore } from '../../core/testing/view-store.js';
import { ORDERS_SCHEMAS } from '../orders.schemas.js';
import { OrderView } from '../read-model/order.view.js';
import { GetOrderHandler } from './get-order.handler.js';
import { GetOrderQuery } from './get-order.query.js';
import { ListOrdersHandler } from './list-orders.handler.js';
import { ListOrdersQuery } from './list-orders.query.js';
import { toOrderDetails } from './order-details.js';

// The handlers read through ViewStatement; TypeORM's own reads of the same rows are the oracle. On
// PostgreSQL the end-to-end suite (npm run test:postgres) reads the same routes.
describe('orders query handlers on SQLite prepared statements', () => {
  let views: DataSource;
  let orders: Repository<OrderView>;

  beforeAll(async () => {
    views = await openViewStore(ORDERS_SCHEMAS);
    orders = views.getRepository(OrderView);
    const lines = [
      { itemId: 'item-1', quantity: 2 },
      { itemId: 'it\'s "quoted"', quantity: 1_000_000 },
    ];
    // Placed out of id order, in three statuses, so that both the order and the filter show.
    await orders.insert([
      { id: 'o-3', status: 'pending', lines, rejectionReason: null, version: 1, placedPosition: 30 },
      {
        id: 'o-1',
        status: 'rejected',
        lines: [],
        rejectionReason: 'Out of stock: item-1',
        version: 3,
        placedPosition: 40,
      },
      {
        id: 'o-2',
        status: 'pending',
        lines: lines.slice(0, 1),
        rejectionReason: null,
        version: 2,
        placedPosition: 10,
      },
      { id: 'o-4', status: 'confirmed', lines, rejectionReason: null, version: 4, placedPosition: 2 ** 40 },
    ]);
  });
  afterAll(() => views.destroy());

  it('reads an order as TypeORM does: its lines parsed, no rejectionReason unless rejected', async () => {
    const handler = new GetOrderHandler(orders, new ViewCache());
    for (const id of ['o-1', 'o-2', 'o-3', 'o-4']) {
      expect(await handler.execute(new GetOrderQuery(id))).toEqual(
        toOrderDetails(await orders.findOneByOrFail({ id })),
      );
    }
    expect(await handler.execute(new GetOrderQuery('o-3'))).toEqual({
      id: 'o-3',
      status: 'pending',
      lines: [
        { itemId: 'item-1', quantity: 2 },
        { itemId: 'it\'s "quoted"', quantity: 1_000_000 },
      ],
      version: 1,
    });
    expect(await handler.execute(new GetOrderQuery('o-1'))).toMatchObject({
      rejectionReason: 'Out of stock: item-1',
    });
  });

  it('answers 404 for an unknown order', async () => {
    await expect(
      new GetOrderHandler(orders, new ViewCache()).execute(new GetOrderQuery('nope')),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages all orders, or one status, in placing order with the total, as TypeORM does', async () => {
    const handler = new ListOrdersHandler(orders);
    for (const status of [undefined, 'pending', 'confirmed', 'cancelled'] as const) {
      for (const [limit, offset] of [
        [50, 0],
        [1, 1],
        [2, 3],
        [5, 100],
      ]) {
        const where = status ? { status } : {};
        const rows = await orders.find({
          where,
          order: { placedPosition: 'ASC', id: 'ASC' },
          skip: offset,
          take: limit,
        });
        expect(await handler.execute(new ListOrdersQuery(status, limit, offset))).toEqual({
          items: rows.map(toOrderDetails),
          total: await orders.countBy(where),
          limit,
          offset,
        });
      }
    }
    const all = await handler.execute(new ListOrdersQuery(undefined, 50, 0));
    expect(all.items.map(({ id }) => id)).toEqual(['o-2', 'o-3', 'o-1', 'o-4']);
    expect(all.total).toBe(4);
    const pending = await handler.execute(new ListOrdersQuery('pending', 1, 0));
    expect(pending).toMatchObject({ items: [{ id: 'o-2' }], total: 2 });
  });
});
