// npm run bench:core: micro-benchmarks of the core, in-process on the built code (npm run build first).
//   the event store's append rate, sequential and concurrent; a projection rebuild over 100,000
//   events; the time to load an aggregate whose stream has 10, 1,000 and 10,000 events.
//   BENCH_EVENTS (100000) events for the rebuild; SQLITE_SYNCHRONOUS as for the server (FULL).
//   DATABASE_URL: on PostgreSQL, in a fresh database of its own on that server, dropped at the end.
//   BENCH_NATS=1: also inbound deliveries per second through JetStream, on a nats-server of its own.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { postgresDatabases } from './lib.mjs';
import { BENCH_NATS, deliveriesPerSecond, startNats } from './nats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist/main.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const { AppModule } = await import(join(root, 'dist/app.module.js'));
const core = await import(join(root, 'dist/core/index.js'));
const { InventoryItem } = await import(join(root, 'dist/inventory/domain/inventory-item.aggregate.js'));
const inventory = await import(join(root, 'dist/inventory/index.js'));
const { CheckpointEntity } = await import(join(root, 'dist/core/projections/checkpoint.entity.js'));
const { CommandGroups } = await import(join(root, 'dist/core/repositories/command-groups.js'));

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-bench-core-'));
const databases = process.env.DATABASE_URL ? await postgresDatabases(process.env.DATABASE_URL) : undefined;
const databaseUrl = databases ? await databases.create('core') : '';
const nats = BENCH_NATS ? await startNats() : undefined;
const config = {
  ...core.loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    APP_ROLE: 'all',
    DATABASE_URL: databaseUrl,
    READ_DATABASE_URL: databaseUrl,
    NATS_URL: nats?.url ?? '',
  }),
  aggregateCacheSize: 0,
};
const app = await NestFactory.createApplicationContext(AppModule.register(config), { logger: ['error'] });
await app.init();
const writes = app.get(core.WriteTransactions);
const groups = app.get(CommandGroups);
const eventStore = app.get(core.EventStore);
const repository = app.get(core.EventSourcedRepository);
const projections = app.get(core.ReadPositions);
const processors = app.get(core.ProcessorSupervisor);
const rows = [];
const rate = (count, ms) => Math.round((count / ms) * 1000);

// `inFlight` writers, each appending one event at a time to a stream of its own (a command locks its
// stream, reads its version and appends), until `total` events are in; kept `inFlight` deep throughout.
async function appendRate(label, total, inFlight) {
  const streams = Array.from({ length: inFlight }, () => randomUUID());
  for (const id of streams) {
    await writes.run((tx) =>
      eventStore.append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: 0,
        events: [new inventory.InventoryItemCreatedEvent(id, 'x', null)],
      }),
    );
  }
  // Through the path of an event-sourced command: on PostgreSQL the appends in flight share
  // transactions (CommandGroups); on SQLite this is WriteTransactions' own group commit.
  const appendOne = (id) =>
    groups.run(id, async (tx) => {
      await eventStore.lockStream(tx, id);
      const current = await eventStore.streamVersion(tx, id);
      return eventStore.append(tx, {
        streamId: id,
        streamType: 'InventoryItem',
        expectedVersion: current,
        events: [new inventory.ItemsCheckedInEvent(id, 1)],
        // As a command's append: nothing follows it, so PostgreSQL commits in the INSERT's round trip.
        commit: true,
      });
    });
  let started = 0;
  const writer = async (id) => {
    while (started < total) {
      started += 1;
      await appendOne(id);
    }
  };
  const begun = performance.now();
  await Promise.all(streams.map(writer));
  const ms = performance.now() - begun;
  rows.push({ benchmark: `append, ${label}`, value: rate(total, ms), unit: 'events/s' });
}

await appendRate('one at a time', 1_000, 1);
await appendRate('32 in flight (32 streams)', 5_000, 32);

// A stream of `length` events built through the repository (snapshots every SNAPSHOT_EVERY).
async function stream(length) {
  const id = randomUUID();
  await repository.create(InventoryItem, id, () => InventoryItem.create(id, 'Loaded'));
  for (let version = 1; version < length; version += 50) {
    const batch = Math.min(50, length - version);
    await repository.update(InventoryItem, id, undefined, (item) => {
      for (let index = 0; index < batch; index++) item.checkIn(1);
    });
  }
  return id;
}
const loads = {};
for (const length of [10, 1_000, 10_000]) {
  const id = await stream(length);
  const times = [];
  for (let round = 0; round < 200; round++) {
    const started = performance.now();
    await writes.run((tx) => repository.load(tx, InventoryItem, id));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  loads[length] = times[100];
  rows.push({
    benchmark: `load a ${length.toLocaleString('en')}-event stream (median)`,
    value: Number(times[100].toFixed(3)),
    unit: 'ms',
  });
}
rows.push({
  benchmark: 'load 10,000 events / load 10 events',
  value: Number((loads[10_000] / loads[10]).toFixed(2)),
  unit: 'x',
});

// Rebuild: EVENTS inventory events in the log, then both inventory views rebuilt from scratch.
const items = Array.from({ length: 1000 }, () => randomUUID());
const perItem = Math.ceil(EVENTS / items.length);
for (const id of items) {
  await writes.run((tx) =>
    eventStore.append(tx, {
      streamId: id,
      streamType: 'InventoryItem',
      expectedVersion: 0,
      events: [
        new inventory.InventoryItemCreatedEvent(id, `Item ${id.slice(0, 8)}`, null),
        ...Array.from({ length: perItem - 1 }, () => new inventory.ItemsCheckedInEvent(id, 1)),
      ],
    }),
  );
}
const head = await eventStore.headPosition();
const names = ['inventory-list', 'inventory-item-details'];
await projections.waitFor(names, head, 600_000);
for (const name of names) await processors.running(name).stop();
await app.get(core.ReadTransactions).run(async ({ manager }) => {
  await manager.clear(
    inventory.InventoryListProjection === undefined
      ? null
      : (await import(join(root, 'dist/inventory/read-model/inventory-list.view.js'))).InventoryListView,
  );
  await manager.clear(
    (await import(join(root, 'dist/inventory/read-model/inventory-item-details.view.js')))
      .InventoryItemDetailsView,
  );
  await manager.clear(CheckpointEntity);
});
const rebuildStarted = performance.now();
for (const name of names) await processors.running(name).start();
await projections.waitFor(names, head, 600_000);
const rebuildMs = performance.now() - rebuildStarted;
rows.push({
  benchmark: `rebuild both inventory views from ${head.toLocaleString('en')} events`,
  value: rate(head, rebuildMs),
  unit: 'events/s',
});

if (nats) {
  const targets = [];
  for (let index = 0; index < 100; index++) {
    const id = randomUUID();
    await repository.create(InventoryItem, id, () => InventoryItem.create(id, 'Delivered'));
    targets.push(id);
  }
  rows.push({
    benchmark: 'inbound deliveries (JetStream to check-in committed, 5,000 over 100 items)',
    value: await deliveriesPerSecond(nats.url, targets, 5_000),
    unit: 'deliveries/s',
  });
}

await app.close();
await nats?.stop();
await databases?.dropAll();
rmSync(dataDir, { recursive: true, force: true });
console.log(`bench:core on ${databases ? 'PostgreSQL' : 'SQLite'}`);
console.log('| benchmark | value | unit |\n|---|---:|---|');
for (const row of rows) console.log(`| ${row.benchmark} | ${row.value} | ${row.unit} |`);
