import { MappingSpec } from '../../core/testing/mapping-spec.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderConfirmedEvent } from '../events/order-confirmed.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';
import { OrderRejectedEvent } from '../events/order-rejected.event.js';
import { OrdersIntegrationMapping } from './orders-integration.mapping.js';

const CONFIRMED = '11111111-1111-4111-8111-111111111111';
const REJECTED = '22222222-2222-4222-8222-222222222222';
const LINES = [
  { itemId: '6f1c7a0e-1d2b-4c3d-8e9f-0a1b2c3d4e5f', quantity: 3 },
  { itemId: '7a2d8b1f-2e3c-4d4e-9f0a-1b2c3d4e5f60', quantity: 1 },
];

function history(): MappingSpec {
  return new MappingSpec()
    .append(CONFIRMED, new OrderPlacedEvent(CONFIRMED, LINES))
    .append(REJECTED, new OrderPlacedEvent(REJECTED, LINES.slice(1)))
    .append(CONFIRMED, new OrderConfirmedEvent(CONFIRMED))
    .append(REJECTED, new OrderRejectedEvent(REJECTED, 'Item 7a2d… has 0 in stock, 1 asked'))
    .append(CONFIRMED, new OrderCancelledEvent(CONFIRMED, LINES));
}

describe('OrdersIntegrationMapping', () => {
  it('publishes confirmed, rejected and cancelled orders with their lines, and nothing for a placed one', async () => {
    const spec = history();
    const messages = await spec.forward(new OrdersIntegrationMapping(spec.eventStore));
    expect(messages.map(({ type, position, data }) => ({ type, position, data }))).toEqual([
      { type: 'orders.order-confirmed.v1', position: '3', data: { orderId: CONFIRMED, lines: LINES } },
      {
        type: 'orders.order-rejected.v1',
        position: '4',
        data: { orderId: REJECTED, lines: LINES.slice(1), reason: 'Item 7a2d… has 0 in stock, 1 asked' },
      },
      { type: 'orders.order-cancelled.v1', position: '5', data: { orderId: CONFIRMED, lines: LINES } },
    ]);
  });

  it('reads the lines from the order stream when it starts after the order was placed (a restart)', async () => {
    const spec = history();
    const all = await spec.forward(new OrdersIntegrationMapping(spec.eventStore));
    expect(await spec.forward(new OrdersIntegrationMapping(spec.eventStore), 2)).toEqual(all);
  });
});
