import { ProjectionSpec } from '../../core/testing/projection-spec.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderConfirmedEvent } from '../events/order-confirmed.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';
import { OrderRejectedEvent } from '../events/order-rejected.event.js';
import { ORDERS_SCHEMAS } from '../orders.schemas.js';
import { OrderProjection } from './order.projection.js';
import { OrderView } from './order.view.js';

const orderId = '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10';
const lines = [{ itemId: '6d1f6c0e-3b1a-4f0e-9d55-0c1e2a3b4c5d', quantity: 2 }];

describe('OrderProjection', () => {
  let spec: ProjectionSpec;
  beforeEach(async () => (spec = await ProjectionSpec.create(new OrderProjection(), ORDERS_SCHEMAS.read)));
  afterEach(() => spec.close());

  it('adds a placed order as pending, at the position it was placed', async () => {
    await spec.given(orderId, new OrderPlacedEvent(orderId, lines));
    expect(await spec.rows(OrderView)).toEqual([
      { id: orderId, status: 'pending', lines, rejectionReason: null, version: 1, placedPosition: 1 },
    ]);
  });

  it('confirms, then cancels, moving the version each time', async () => {
    await spec.given(orderId, new OrderPlacedEvent(orderId, lines), new OrderConfirmedEvent(orderId));
    await spec.given(orderId, new OrderCancelledEvent(orderId, lines));
    expect(await spec.rows(OrderView)).toEqual([
      { id: orderId, status: 'cancelled', lines, rejectionReason: null, version: 3, placedPosition: 1 },
    ]);
  });

  it('keeps the reason of a rejection', async () => {
    await spec.given(orderId, new OrderPlacedEvent(orderId, lines), new OrderRejectedEvent(orderId, 'short'));
    expect(await spec.rows(OrderView)).toEqual([
      expect.objectContaining({ status: 'rejected', rejectionReason: 'short', version: 2 }),
    ]);
  });
});
