import { CommandBus } from '@nestjs/cqrs';
import type { Command } from '@nestjs/cqrs';
import { ReleaseStockCommand, ReserveStockCommand } from '../../src/inventory/index.js';
import { ConfirmOrderCommand, RejectOrderCommand } from '../../src/orders/index.js';
import { Api, type CommandResult } from '../support/api.js';
import { itemAt, itemWhen, placeOrder, settledOrder } from '../support/orders.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Makes the application die, as far as the saga can tell, right before a chosen command: that command
 * throws, so the relay neither completes the event nor moves its checkpoint. Resolves once it has
 * happened; the test then closes the application, which leaves the database exactly as a crash at
 * that point would (every earlier step committed, this one and the checkpoint not).
 */
function crashBefore(testApp: TestApp, isFatal: (command: Command<unknown>) => boolean): Promise<void> {
  const bus = testApp.app.get(CommandBus);
  const execute = bus.execute.bind(bus);
  return new Promise((crashed) => {
    bus.execute = ((command: Command<unknown>) => {
      if (isFatal(command)) {
        crashed();
        return Promise.reject(new Error('simulated crash'));
      }
      return execute(command);
    }) as typeof bus.execute;
  });
}

async function historyTypes(api: Api, itemId: string, after: string): Promise<string[]> {
  const response = await api.get(`/inventory-items/${itemId}/history`, { minPosition: after });
  return response.body.events.map((event: { type: string }) => event.type);
}

async function stock(api: Api, count: number): Promise<string> {
  const { id } = await api.createItem();
  await api.checkIn(id, count);
  return id;
}

describe('the fulfilment saga survives a crash part-way through', () => {
  let first: TestApp;
  let second: TestApp | undefined;

  afterEach(async () => {
    await second?.close();
    second = undefined;
  });

  async function restart(): Promise<Api> {
    await first.close({ keepData: true });
    second = await createTestApp({ dataDir: first.config.dataDir });
    return new Api(second.app);
  }

  it('after the first line is reserved: the restarted app confirms, reserving each line once', async () => {
    first = await createTestApp();
    const api = new Api(first.app);
    const a = await stock(api, 10);
    const b = await stock(api, 10);
    const crashed = crashBefore(
      first,
      (command) => command instanceof ReserveStockCommand && command.itemId === b,
    );
    const placed = await placeOrder(api, [
      { itemId: a, quantity: 3 },
      { itemId: b, quantity: 4 },
    ]);
    await crashed;
    const before = await api.get(`/orders/${placed.id}`, { minPosition: placed.position });
    expect(before.body.status).toBe('pending');

    const restarted = await restart();
    const settled = await settledOrder(restarted, placed.id, placed);
    expect(settled.body.status).toBe('confirmed');
    const at = settled.headers['x-read-position'];
    expect((await itemAt(restarted, a, at)).currentCount).toBe(7);
    expect((await itemAt(restarted, b, at)).currentCount).toBe(6);
    expect(await historyTypes(restarted, a, at)).toEqual([
      'InventoryItemCreated',
      'ItemsCheckedIn',
      'StockReserved',
    ]);
  });

  it('after a release, before the rejection: the restarted app rejects, with every item whole', async () => {
    first = await createTestApp();
    const api = new Api(first.app);
    const plenty = await stock(api, 10);
    const short = await stock(api, 1);
    const crashed = crashBefore(first, (command) => command instanceof RejectOrderCommand);
    const placed = await placeOrder(api, [
      { itemId: plenty, quantity: 3 },
      { itemId: short, quantity: 2 },
    ]);
    await crashed;

    const restarted = await restart();
    const settled = await settledOrder(restarted, placed.id, placed);
    expect(settled.body.status).toBe('rejected');
    expect(settled.body.rejectionReason).toMatch(/Line 2/);
    const at = settled.headers['x-read-position'];
    expect((await itemAt(restarted, plenty, at)).currentCount).toBe(10);
    expect((await itemAt(restarted, short, at)).currentCount).toBe(1);
    expect(await historyTypes(restarted, plenty, at)).toEqual([
      'InventoryItemCreated',
      'ItemsCheckedIn',
      'StockReserved',
      'StockReleased',
    ]);
  });

  it('after the order is cancelled, before its stock is released: the restarted app releases it once', async () => {
    first = await createTestApp();
    const api = new Api(first.app);
    const a = await stock(api, 5);
    const b = await stock(api, 5);
    const placed = await placeOrder(api, [
      { itemId: a, quantity: 2 },
      { itemId: b, quantity: 5 },
    ]);
    expect((await settledOrder(api, placed.id, placed)).body.status).toBe('confirmed');
    const crashed = crashBefore(
      first,
      (command) => command instanceof ReleaseStockCommand && command.itemId === b,
    );
    const cancelled = await api.post(`/orders/${placed.id}/cancel`);
    expect(cancelled.status).toBe(200);
    await crashed;

    const restarted = await restart();
    const done = await restarted.get(`/orders/${placed.id}`, {
      minPosition: (cancelled.body as CommandResult).position,
    });
    expect(done.body.status).toBe('cancelled');
    // The release of b is the last step: once b is whole, the saga is done.
    const { readPosition: position } = await itemWhen(
      restarted,
      b,
      done.headers['x-read-position'],
      ({ currentCount }) => currentCount === 5,
    );
    expect((await itemAt(restarted, a, position)).currentCount).toBe(5);
    expect(await historyTypes(restarted, a, position)).toEqual([
      'InventoryItemCreated',
      'ItemsCheckedIn',
      'StockReserved',
      'StockReleased',
    ]);
  });

  it('after every line is reserved, before the confirmation: the restarted app confirms, reserving nothing again', async () => {
    first = await createTestApp();
    const api = new Api(first.app);
    const a = await stock(api, 3);
    const crashed = crashBefore(first, (command) => command instanceof ConfirmOrderCommand);
    const placed = await placeOrder(api, [{ itemId: a, quantity: 3 }]);
    await crashed;
    const restarted = await restart();
    const settled = await settledOrder(restarted, placed.id, placed);
    expect(settled.body).toMatchObject({ status: 'confirmed', version: 2 });
    expect((await itemAt(restarted, a, settled.headers['x-read-position'])).currentCount).toBe(0);
  });
});
