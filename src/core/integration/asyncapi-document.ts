import type { IntegrationEventClass, JsonSchema } from './integration-event.js';

/** A message the application receives from other services, as its consumer documents it. */
export interface InboundContract {
  readonly subject: string;
  /** A name for the AsyncAPI document, e.g. `inventory.delivery.v1`. */
  readonly name: string;
  readonly summary: string;
  readonly payload: JsonSchema;
}

export interface AsyncApiSource {
  readonly title: string;
  readonly version: string;
  readonly publishes: readonly IntegrationEventClass[];
  readonly receives: readonly InboundContract[];
}

const NATS_MSG_ID = {
  type: 'object',
  required: ['Nats-Msg-Id'],
  properties: {
    'Nats-Msg-Id': {
      type: 'string',
      description: "The message's id (the event id): JetStream drops a second message with the same id.",
    },
  },
};

/** The envelope every integration message shares, around the event's own `data`. */
function envelope(eventClass: IntegrationEventClass): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', 'occurredAt', 'position', 'data'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'The event id; also the Nats-Msg-Id header.' },
      type: { const: eventClass.type },
      occurredAt: { type: 'string', format: 'date-time' },
      position: {
        type: 'string',
        pattern: '^[0-9]+$',
        description: 'Position of the event in the log (decimal); grows with every event a subject carries.',
      },
      data: eventClass.dataSchema,
    },
  };
}

/**
 * The AsyncAPI 3.0 document of what the application publishes and receives over NATS, made from the
 * integration event classes themselves, so that it cannot say something they do not. The package
 * ships it as asyncapi.json (`npm run asyncapi` writes it; a test fails when it is out of date).
 */
export function asyncApiDocument({ title, version, publishes, receives }: AsyncApiSource): JsonSchema {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const add = (action: 'send' | 'receive', address: string, name: string, message: object) => {
    messages[name] = { name, contentType: 'application/json', ...message };
    const channel = (channels[address] ??= { address, messages: {} }) as {
      messages: Record<string, unknown>;
    };
    channel.messages[name] = { $ref: `#/components/messages/${name}` };
    operations[`${action}.${name}`] = {
      action,
      channel: { $ref: `#/channels/${address}` },
      messages: [{ $ref: `#/channels/${address}/messages/${name}` }],
    };
  };
  for (const eventClass of publishes)
    add('send', eventClass.subject, eventClass.type, {
      title: eventClass.name,
      summary: eventClass.summary,
      headers: NATS_MSG_ID,
      payload: envelope(eventClass),
    });
  for (const inbound of receives)
    add('receive', inbound.subject, inbound.name, { summary: inbound.summary, payload: inbound.payload });
  return {
    asyncapi: '3.0.0',
    info: {
      title,
      version,
      description: 'Integration events published to NATS JetStream, and the messages received from it.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
