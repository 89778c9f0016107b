import type { EntityManager } from 'typeorm';
import type { DomainEvent, RecordedEvent } from '../../core/index.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderConfirmedEvent } from '../events/order-confirmed.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';
import { OrderRejectedEvent } from '../events/order-rejected.event.js';
import { OrderProjection } from './order.projection.js';
import type { OrderView } from './order.view.js';

const orderId = '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10';
const lines = [{ itemId: '6d1f6c0e-3b1a-4f0e-9d55-0c1e2a3b4c5d', quantity: 2 }];

/** An in-memory table behind the two EntityManager calls the projection makes. */
function memoryRows() {
  const rows = new Map<string, OrderView>();
  const manager = {
    insert: async (_: unknown, row: OrderView) => void rows.set(row.id, { ...row }),
    update: async (_: unknown, { id }: { id: string }, fields: Partial<OrderView>) => {
      const row = rows.get(id);
      if (row) rows.set(id, { ...row, ...fields });
    },
  } as unknown as EntityManager;
  return { rows, manager };
}

async function given(...events: DomainEvent[]) {
  const projection = new OrderProjection();
  const { rows, manager } = memoryRows();
  for (const [index, event] of events.entries()) {
    const record = {
      position: 10 + index,
      streamId: orderId,
      version: index + 1,
      type: (event.constructor as unknown as { type: string }).type,
      event,
    } as RecordedEvent;
    await projection.apply(record, manager);
  }
  return rows.get(orderId);
}

describe('OrderProjection', () => {
  it('adds a placed order as pending, at the position it was placed', async () => {
    expect(await given(new OrderPlacedEvent(orderId, lines))).toEqual({
      id: orderId,
      status: 'pending',
      lines,
      rejectionReason: null,
      version: 1,
      placedPosition: 10,
    });
  });

  it('confirms, then cancels, moving the version each time', async () => {
    const row = await given(
      new OrderPlacedEvent(orderId, lines),
      new OrderConfirmedEvent(orderId),
      new OrderCancelledEvent(orderId, lines),
    );
    expect(row).toMatchObject({ status: 'cancelled', version: 3, placedPosition: 10, rejectionReason: null });
  });

  it('keeps the reason of a rejection', async () => {
    const row = await given(new OrderPlacedEvent(orderId, lines), new OrderRejectedEvent(orderId, 'short'));
    expect(row).toMatchObject({ status: 'rejected', rejectionReason: 'short', version: 2 });
  });
});
