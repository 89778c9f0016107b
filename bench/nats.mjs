// NATS for the benchmarks (BENCH_NATS=1): a nats-server of the run's own (Debian's package, on a free
// port, with a store in a temporary folder), and what npm run bench and bench:core measure with it:
// the forwarder's lag, and inbound deliveries per second.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, freePort } from './lib.mjs';

export const BENCH_NATS = process.env.BENCH_NATS === '1';

/** Starts nats-server with JetStream; answers its URL and stop(). */
export async function startNats() {
  const bin = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'bench-nats-'));
  const child = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Server is ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`nats-server exited (${code}): ${output}`)));
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(store, { recursive: true, force: true });
    },
  };
}

/** The forwarder's entry in GET /projections. */
export async function forwarder(base) {
  return (await call(base, 'GET', '/projections')).find(({ name }) => name === 'nats-integration');
}

/** The forwarder's lag now, and how long it then takes to reach the head (ms). */
export async function forwarderCatchUp(base) {
  const atEnd = (await forwarder(base)).lag;
  const started = performance.now();
  while ((await forwarder(base)).lag > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  return { lagAtEnd: atEnd, catchUpMs: Math.round(performance.now() - started) };
}

/**
 * Publishes `count` deliveries of 1 spread over `items` (through JetStream, each acknowledged by
 * it) and times until the application's consumer has settled every one (each checked in, its
 * command committed, before it is acknowledged): deliveries per second, end to end.
 */
export async function deliveriesPerSecond(natsUrl, items, count) {
  const { connect } = await import('@nats-io/transport-node');
  const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
  const connection = await connect({ servers: natsUrl });
  const js = jetstream(connection);
  const jsm = await jetstreamManager(connection);
  const started = performance.now();
  for (let sent = 0; sent < count; sent += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - sent) }, (_, index) =>
        js.publish(
          'inbound.inventory.deliveries',
          JSON.stringify({
            deliveryId: randomUUID(),
            itemId: items[(sent + index) % items.length],
            count: 1,
          }),
        ),
      ),
    );
  }
  const stream = await jsm.streams.find('inbound.inventory.deliveries');
  for (;;) {
    const info = await jsm.consumers.info(stream, 'inventory-deliveries');
    if (info.num_pending === 0 && info.num_ack_pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const ms = performance.now() - started;
  await connection.close();
  return Math.round((count / ms) * 1000);
}
