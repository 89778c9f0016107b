import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { asyncApiDocument, type IntegrationMessage } from './core/index.js';
import { MappingSpec } from './core/testing/mapping-spec.js';
import { checkIntegrationEventClass } from './core/integration/integration-event.js';
import { INTEGRATION_CONTRACTS } from './integration-contracts.js';
import {
  InventoryItemCreatedEvent,
  InventoryIntegrationMapping,
  ItemsCheckedInEvent,
} from './inventory/index.js';
import { OrderConfirmedEvent, OrderPlacedEvent, OrdersIntegrationMapping } from './orders/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const shipped = JSON.parse(readFileSync(resolve(ROOT, 'asyncapi.json'), 'utf8')) as {
  info: { version: string };
  channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  components: { messages: Record<string, { payload: object; headers?: object }> };
};
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
};

function validator() {
  const ajv = new Ajv2020({ strict: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  return ajv;
}

describe('integration contracts (asyncapi.json)', () => {
  it('is what the integration event classes say, and ships with the package (npm run asyncapi rewrites it)', () => {
    const made = asyncApiDocument({
      title: `${pkg.name} integration events`,
      version: pkg.version,
      ...INTEGRATION_CONTRACTS,
    });
    expect(shipped).toEqual(JSON.parse(JSON.stringify(made)));
    expect(pkg.files).toContain('asyncapi.json');
  });

  it('names each subject integration.<module>.<event> in kebab-case, with a versioned type, once', () => {
    for (const eventClass of INTEGRATION_CONTRACTS.publishes)
      expect(() => checkIntegrationEventClass(eventClass)).not.toThrow();
    const subjects = INTEGRATION_CONTRACTS.publishes.map(({ subject }) => subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'integration.orders.order-confirmed',
        'integration.orders.order-rejected',
        'integration.orders.order-cancelled',
        'integration.inventory.stock-changed',
      ]),
    );
    expect(Object.values(shipped.channels).map(({ address }) => address)).toEqual([
      ...subjects,
      'inbound.inventory.deliveries',
    ]);
  });

  it('refuses a class whose subject or type breaks the convention', () => {
    const broken = { name: 'Broken', subject: 'integration.Orders.OrderShipped', type: 'x', version: 1 };
    expect(() => checkIntegrationEventClass(broken as never)).toThrow(/kebab-case/);
    const badType = {
      name: 'Broken',
      subject: 'integration.orders.order-shipped',
      type: 'orders.order-shipped',
      version: 1,
    };
    expect(() => checkIntegrationEventClass(badType as never)).toThrow(/"orders.order-shipped.v1"/);
  });

  it('describes the messages the mappings make: each validates against its payload schema', async () => {
    const item = '6f1c7a0e-1d2b-4c3d-8e9f-0a1b2c3d4e5f';
    const order = '11111111-1111-4111-8111-111111111111';
    const spec = new MappingSpec()
      .append(item, new InventoryItemCreatedEvent(item, 'Widget', null), new ItemsCheckedInEvent(item, 4))
      .append(
        order,
        new OrderPlacedEvent(order, [{ itemId: item, quantity: 2 }]),
        new OrderConfirmedEvent(order),
      );
    const messages: IntegrationMessage[] = [
      ...(await spec.forward(new InventoryIntegrationMapping(spec.eventStore))),
      ...(await spec.forward(new OrdersIntegrationMapping(spec.eventStore))),
    ];
    expect(messages).toHaveLength(2);
    const ajv = validator();
    for (const message of messages) {
      const validate = ajv.compile(shipped.components.messages[message.type].payload);
      expect({ type: message.type, valid: validate(message), errors: validate.errors ?? null }).toEqual({
        type: message.type,
        valid: true,
        errors: null,
      });
    }
    // And a message that breaks its contract does not validate (the check can fail).
    const validate = ajv.compile(shipped.components.messages['inventory.stock-changed.v1'].payload);
    expect(validate({ ...messages[0], data: { itemId: item, currentCount: '4' } })).toBe(false);
  });
});
