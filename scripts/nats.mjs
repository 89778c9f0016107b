#!/usr/bin/env node
// A tiny NATS client for trying the integration by hand, with the package's own dependency:
//   node scripts/nats.mjs sub 'integration.>'                       prints every message as it comes
//   node scripts/nats.mjs pub inbound.inventory.deliveries '{"deliveryId":"…","itemId":"…","count":5}'
// NATS_URL (default nats://127.0.0.1:4222) says which server.
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const [command, subject, body] = process.argv.slice(2);
if (!['sub', 'pub'].includes(command) || !subject || (command === 'pub' && body === undefined)) {
  process.stderr.write("usage: node scripts/nats.mjs sub '<subject>' | pub <subject> '<json>'\n");
  process.exit(2);
}
const connection = await connect({ servers: process.env.NATS_URL || 'nats://127.0.0.1:4222' });
if (command === 'pub') {
  const ack = await jetstream(connection).publish(subject, body);
  process.stdout.write(`stored in ${ack.stream} as message ${ack.seq}${ack.duplicate ? ' (a duplicate)' : ''}\n`);
  await connection.close();
} else {
  for await (const message of connection.subscribe(subject)) {
    const id = message.headers?.get('Nats-Msg-Id');
    process.stdout.write(`${message.subject}${id ? ` [${id}]` : ''} ${message.string()}\n`);
  }
}
