import { DomainEvent } from '../domain/domain-event.js';
import { EventTypeRegistry } from './event-type-registry.js';

class PriceSetEvent extends DomainEvent {
  static readonly type = 'PriceSet';
  static readonly schemaVersion = 3;

  constructor(
    readonly itemId: string,
    readonly amount: number,
    readonly currency: string,
  ) {
    super();
  }
}

class OtherPriceSetEvent extends DomainEvent {
  static readonly type = 'PriceSet';
  static readonly schemaVersion = 1;
}

describe('EventTypeRegistry', () => {
  const registry = new EventTypeRegistry();
  registry.register(PriceSetEvent, {
    // v1 held the price in cents under another name; v2 had no currency.
    1: ({ cents, ...rest }) => ({ ...rest, amount: Number(cents) / 100 }),
    2: (data) => ({ ...data, currency: 'EUR' }),
  });

  it('stores the hand-written type name and schema version, not the class name', () => {
    expect(registry.serialize(new PriceSetEvent('a', 1.5, 'USD'))).toEqual({
      type: 'PriceSet',
      schemaVersion: 3,
      data: JSON.stringify({ itemId: 'a', amount: 1.5, currency: 'USD' }),
    });
  });

  it('reads the current schema back into an instance of the class', () => {
    const event = registry.deserialize(
      'PriceSet',
      3,
      JSON.stringify({ itemId: 'a', amount: 2, currency: 'USD' }),
    );
    expect(event).toBeInstanceOf(PriceSetEvent);
    expect(event).toEqual(new PriceSetEvent('a', 2, 'USD'));
  });

  it('upcasts an old schema through every step on read', () => {
    const event = registry.deserialize('PriceSet', 1, JSON.stringify({ itemId: 'a', cents: 250 }));
    expect(event).toEqual(new PriceSetEvent('a', 2.5, 'EUR'));
  });

  it('refuses an unknown type, a missing upcaster, an unregistered class and a name taken twice', () => {
    expect(() => registry.deserialize('Nope', 1, '{}')).toThrow(/Unknown event type/);
    const strict = new EventTypeRegistry();
    strict.register(PriceSetEvent);
    expect(() => strict.deserialize('PriceSet', 2, '{}')).toThrow(/No upcaster/);
    expect(() => new EventTypeRegistry().serialize(new PriceSetEvent('a', 1, 'EUR'))).toThrow(
      /not registered/,
    );
    expect(() => strict.register(OtherPriceSetEvent)).toThrow(/Two event classes/);
  });
});
