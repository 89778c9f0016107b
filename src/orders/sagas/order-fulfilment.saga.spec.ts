import type { Command } from '@nestjs/cqrs';
import type { CausedCommands, CausedOutcome, CommandResult, RecordedEvent } from '../../core/index.js';
import { ReleaseStockCommand, ReserveStockCommand } from '../../inventory/index.js';
import { ConfirmOrderCommand } from '../commands/confirm-order.command.js';
import { RejectOrderCommand } from '../commands/reject-order.command.js';
import { OrderCancelledEvent } from '../events/order-cancelled.event.js';
import { OrderPlacedEvent } from '../events/order-placed.event.js';
import { OrderFulfilmentSaga } from './order-fulfilment.saga.js';

const orderId = '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10';
const a = '6d1f6c0e-3b1a-4f0e-9d55-0c1e2a3b4c5d';
const b = '7e2a7d1f-4c2b-4a1f-8e66-1d2f3b4c5d6e';
const c = '8f3b8e20-5d3c-4b20-9f77-2e3a4c5d6e7f';

function recorded<E extends OrderPlacedEvent | OrderCancelledEvent>(event: E): RecordedEvent<E> {
  return {
    position: 7,
    streamId: orderId,
    streamType: 'Order',
    version: 1,
    type: (event.constructor as unknown as { type: string }).type,
    schemaVersion: 1,
    event,
    metadata: {
      eventId: 'event-1',
      commandId: 'command-1',
      correlationId: 'correlation-1',
      causationId: 'command-1',
      occurredAt: '2026-01-01T00:00:00.000Z',
    },
  };
}

/**
 * Stands in for the write side: answers each command as inventory and orders would (refusing the
 * items in `refuse`), and keeps what the saga sent, step by step.
 */
class WriteSide {
  readonly sent: { step: string; command: Command<CommandResult> }[] = [];

  constructor(private readonly refuse: Record<string, string> = {}) {}

  async send(_: RecordedEvent, step: string, command: Command<CommandResult>): Promise<CausedOutcome> {
    this.sent.push({ step, command });
    const refusal = command instanceof ReserveStockCommand ? this.refuse[command.itemId] : undefined;
    if (refusal) return { accepted: false, code: 'REFUSED', message: refusal };
    return { accepted: true, result: { id: 'x', version: 1, position: '1' } };
  }
}

async function react(event: OrderPlacedEvent | OrderCancelledEvent, writeSide: WriteSide) {
  const saga = new OrderFulfilmentSaga(writeSide as unknown as CausedCommands);
  await saga.handle(recorded(event));
  return writeSide.sent;
}

describe('OrderFulfilmentSaga', () => {
  const lines = [
    { itemId: a, quantity: 1 },
    { itemId: b, quantity: 2 },
    { itemId: c, quantity: 3 },
  ];

  it('reserves every line in turn, then confirms', async () => {
    expect(await react(new OrderPlacedEvent(orderId, lines), new WriteSide())).toEqual([
      { step: 'reserve-0', command: new ReserveStockCommand(a, 1, orderId) },
      { step: 'reserve-1', command: new ReserveStockCommand(b, 2, orderId) },
      { step: 'reserve-2', command: new ReserveStockCommand(c, 3, orderId) },
      { step: 'confirm', command: new ConfirmOrderCommand(orderId) },
    ]);
  });

  it('at the first refusal, releases what it reserved and rejects with the reason; later lines are not tried', async () => {
    const sent = await react(
      new OrderPlacedEvent(orderId, lines),
      new WriteSide({ [b]: 'Cannot take 2 items: only 1 in stock' }),
    );
    expect(sent).toEqual([
      { step: 'reserve-0', command: new ReserveStockCommand(a, 1, orderId) },
      { step: 'reserve-1', command: new ReserveStockCommand(b, 2, orderId) },
      { step: 'release-0', command: new ReleaseStockCommand(a, 1, orderId) },
      {
        step: 'reject',
        command: new RejectOrderCommand(
          orderId,
          `Line 2 (item ${b}, quantity 2): Cannot take 2 items: only 1 in stock`,
        ),
      },
    ]);
  });

  it('rejects at once when the first line is refused', async () => {
    const sent = await react(new OrderPlacedEvent(orderId, lines), new WriteSide({ [a]: 'does not exist' }));
    expect(sent.map(({ step }) => step)).toEqual(['reserve-0', 'reject']);
  });

  it('sends the same steps when the event comes again', async () => {
    const writeSide = new WriteSide({ [c]: 'deactivated' });
    const first = await react(new OrderPlacedEvent(orderId, lines), writeSide);
    const steps = first.map(({ step }) => step);
    const again = await react(new OrderPlacedEvent(orderId, lines), writeSide);
    expect(again.slice(steps.length).map(({ step }) => step)).toEqual(steps);
  });

  it('releases every line of a cancelled order', async () => {
    expect(await react(new OrderCancelledEvent(orderId, lines), new WriteSide())).toEqual([
      { step: 'release-0', command: new ReleaseStockCommand(a, 1, orderId) },
      { step: 'release-1', command: new ReleaseStockCommand(b, 2, orderId) },
      { step: 'release-2', command: new ReleaseStockCommand(c, 3, orderId) },
    ]);
  });
});
