import { givenState } from '../../core/testing/state-stored-spec.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderConfirmedEvent } from '../events/order-confirmed.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';
import { OrderRejectedEvent } from '../events/order-rejected.event.js';
import type { OrderLine, OrderStatus } from './order-line.js';
import { Order } from './order.aggregate.js';
import { InvalidOrderLinesError, OrderNotCancellableError, OrderNotPendingError } from './order.errors.js';

const id = '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10';
const item = '6d1f6c0e-3b1a-4f0e-9d55-0c1e2a3b4c5d';
const lines: OrderLine[] = [{ itemId: item, quantity: 2 }];

const anOrder =
  (status: OrderStatus, rejectionReason: string | null = null) =>
  () =>
    Order.fromState(id, { status, lines, rejectionReason });

describe('Order', () => {
  describe('place', () => {
    it('records the order with its lines, pending', () => {
      const order = Order.place(id, lines);
      expect(order.getUncommittedEvents()).toEqual([new OrderPlacedEvent(id, lines)]);
      expect(order.state.status).toBe('pending');
      expect(order.version).toBe(1);
    });

    it('accepts 100 lines and quantities up to 1,000,000', () => {
      const many = Array.from({ length: 100 }, () => ({ itemId: item, quantity: 1_000_000 }));
      expect(Order.place(id, many).getUncommittedEvents()).toEqual([new OrderPlacedEvent(id, many)]);
    });

    it.each([
      ['no line', []],
      ['101 lines', Array.from({ length: 101 }, () => ({ itemId: item, quantity: 1 }))],
      ['a quantity of 0', [{ itemId: item, quantity: 0 }]],
      ['a quantity above 1,000,000', [{ itemId: item, quantity: 1_000_001 }]],
      ['a fractional quantity', [{ itemId: item, quantity: 0.5 }]],
    ])('refuses %s', (_, orderLines) => {
      expect(() => Order.place(id, orderLines)).toThrow(InvalidOrderLinesError);
    });
  });

  describe('when pending', () => {
    it('is confirmed', () => {
      givenState(anOrder('pending'))
        .when((order) => order.confirm())
        .thenEvents(new OrderConfirmedEvent(id));
    });

    it('is rejected with a reason, stored trimmed', () => {
      givenState(anOrder('pending'))
        .when((order) => order.reject('  Line 1: short  '))
        .thenEvents(new OrderRejectedEvent(id, 'Line 1: short'));
    });

    it('cannot be cancelled: the saga is still at work', () => {
      givenState(anOrder('pending'))
        .when((order) => order.cancel())
        .thenThrows(OrderNotCancellableError, /still pending/);
    });
  });

  describe('when confirmed', () => {
    it('is cancelled, the event carrying the lines to release', () => {
      givenState(anOrder('confirmed'))
        .when((order) => order.cancel())
        .thenEvents(new OrderCancelledEvent(id, lines));
    });

    it('cannot be confirmed again', () => {
      givenState(anOrder('confirmed'))
        .when((order) => order.confirm())
        .thenThrows(OrderNotPendingError);
    });

    it('cannot be rejected', () => {
      givenState(anOrder('confirmed'))
        .when((order) => order.reject('late'))
        .thenThrows(OrderNotPendingError);
    });
  });

  describe('when rejected', () => {
    it('cannot be cancelled', () => {
      givenState(anOrder('rejected', 'short'))
        .when((order) => order.cancel())
        .thenThrows(OrderNotCancellableError, /rejected/);
    });

    it('cannot be confirmed', () => {
      givenState(anOrder('rejected', 'short'))
        .when((order) => order.confirm())
        .thenThrows(OrderNotPendingError);
    });
  });

  describe('when cancelled', () => {
    it('cannot be cancelled again', () => {
      givenState(anOrder('cancelled'))
        .when((order) => order.cancel())
        .thenThrows(OrderNotCancellableError, /cancelled/);
    });

    it('cannot be confirmed', () => {
      givenState(anOrder('cancelled'))
        .when((order) => order.confirm())
        .thenThrows(OrderNotPendingError);
    });
  });

  it('keeps its state across a save and a load, with the version the store holds', () => {
    const order = Order.place(id, lines);
    order.markStored(1);
    const loaded = Order.fromState(id, order.state);
    loaded.markStored(1);
    loaded.confirm();
    expect(loaded.state).toEqual({ status: 'confirmed', lines, rejectionReason: null });
    expect(loaded.persistedVersion).toBe(1);
    expect(loaded.version).toBe(2);
  });
});
