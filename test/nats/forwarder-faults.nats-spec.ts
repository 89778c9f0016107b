import { JetStreamClient, type StoredMessage } from './support/jetstream-reader.js';
import { NatsApp, sleep, until } from './support/nats-app.js';
import { NatsServer } from './support/nats-server.js';

/** `count` check-ins of 1 spread over `items`, `concurrency` at a time; answers how many were accepted. */
async function checkIns(app: NatsApp, items: string[], count: number, concurrency = 8): Promise<number> {
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const item = items[next++ % items.length];
        if ((await app.checkIn(item, 1).catch(() => 0)) === 200) accepted += 1;
      }
    }),
  );
  return accepted;
}

/** The stock-changed messages of these items, and the check the test makes of every fault: each event once. */
function stockChanges(stored: StoredMessage[], items: string[]): StoredMessage[] {
  expect(new Set(stored.map(({ msgId }) => msgId)).size).toBe(stored.length);
  expect(stored.every(({ msgId, body }) => msgId === body.id)).toBe(true);
  return stored.filter(({ body }) => items.includes((body.data as { itemId: string }).itemId));
}

/** The last currentCount published for each item, which must be its count now. */
function lastCounts(changes: StoredMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { body } of changes) {
    const { itemId, currentCount } = body.data as { itemId: string; currentCount: number };
    counts[itemId] = currentCount;
  }
  return counts;
}

describe('the forwarder through faults (real nats-server, built application)', () => {
  let server: NatsServer | undefined;
  let app: NatsApp | undefined;
  let client: JetStreamClient | undefined;

  afterEach(async () => {
    await client?.close();
    await app?.dispose();
    await server?.dispose();
    client = app = server = undefined;
  });

  it('NATS down at start: the application starts and serves, the forwarder says why it waits, and catches up when NATS comes', async () => {
    server = await NatsServer.notStarted();
    app = await NatsApp.start(server);
    const item = await app.createItem();
    expect(await app.checkIn(item, 5)).toBe(200);
    const waiting = await until(
      () => app!.processor('nats-integration'),
      (entry) => entry?.lastError?.includes('NATS') === true,
    );
    expect(waiting).toMatchObject({ kind: 'forwarder' });
    expect(['retrying', 'failed', 'catching-up']).toContain(waiting?.status);
    expect(waiting?.lastError).toMatch(/NATS is unavailable: .*(connect|connection)/);
    expect(waiting?.lag).toBeGreaterThan(0);

    await server.restart();
    expect(await app.forwarded()).toMatchObject({ lag: 0, status: 'running', lastError: null });
    client = await JetStreamClient.open(server.url);
    const changes = stockChanges(await client.messages('INTEGRATION'), [item]);
    expect(changes.map(({ body }) => body.data)).toEqual([{ itemId: item, currentCount: 5 }]);
  });

  it('NATS restarted mid-load: nothing lost, nothing published twice', async () => {
    server = await NatsServer.start();
    app = await NatsApp.start(server);
    const items = [await app.createItem(), await app.createItem(), await app.createItem()];
    const load = checkIns(app, items, 600);
    await until(
      async () => (await app!.processor('nats-integration'))?.position ?? '0',
      (position) => Number(position) > 100,
    );
    await server.kill();
    await sleep(1000);
    await server.restart();
    const accepted = await load;
    expect(accepted).toBe(600);
    expect(await app.forwarded()).toMatchObject({ lag: 0, lastError: null });

    client = await JetStreamClient.open(server.url);
    const changes = stockChanges(await client.messages('INTEGRATION'), items);
    expect(changes).toHaveLength(600);
    const counts: Record<string, number> = Object.fromEntries(
      await Promise.all(items.map(async (item) => [item, await app!.currentCount(item)])),
    );
    expect(lastCounts(changes)).toEqual(counts);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(600);
  });

  it('kill -9 of the application mid-forward: after a restart every integration event is in the stream exactly once', async () => {
    server = await NatsServer.notStarted();
    app = await NatsApp.start(server);
    const items = [await app.createItem(), await app.createItem()];
    expect(await checkIns(app, items, 1500)).toBe(1500);
    // The forwarder has all of it to publish once NATS comes: kill the application while it does.
    await server.restart();
    client = await JetStreamClient.open(server.url);
    const atKill = await until(
      async () => (await client!.jsm.streams.info('INTEGRATION').catch(() => undefined))?.state.messages ?? 0,
      (messages) => messages > 0,
      30_000,
    );
    await app.crashAndRestart();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(1500);

    expect(await app.forwarded()).toMatchObject({ lag: 0, lastError: null });
    const changes = stockChanges(await client.messages('INTEGRATION'), items);
    expect(changes).toHaveLength(1500);
    expect(lastCounts(changes)).toEqual({ [items[0]]: 750, [items[1]]: 750 });
  });
});
