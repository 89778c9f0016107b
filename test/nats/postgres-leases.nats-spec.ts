import { randomUUID } from 'node:crypto';
import { AppProcess } from '../postgres/support/app-process.js';
import { ensureBuilt } from '../support/built-server.js';
import { JetStreamClient } from './support/jetstream-reader.js';
import { type ProcessorEntry, until } from './support/nats-app.js';
import { NatsServer } from './support/nats-server.js';

const NAMES = ['nats-integration', 'inventory-deliveries'];

type Sql = { query(sql: string): Promise<unknown> };
/** The PostgreSQL of npm run test:postgres (TEST_POSTGRES_URL, PG* variables, or 127.0.0.1:5432). */
const postgres = (await import('../postgres/support/postgres-server.mjs' as string)) as {
  serverUrl(database?: string): string;
  withServer<T>(work: (client: Sql) => Promise<T>): Promise<T>;
};
const { serverUrl, withServer } = postgres;

async function processors(app: AppProcess): Promise<ProcessorEntry[]> {
  const response = await fetch(`${app.url}/projections`).catch(() => undefined);
  return response?.ok ? ((await response.json()) as ProcessorEntry[]) : [];
}

/** Which of `apps` runs `name` now (status other than standby), as each says in GET /projections. */
async function runners(apps: AppProcess[], name: string): Promise<AppProcess[]> {
  const found: AppProcess[] = [];
  for (const app of apps) {
    const entry = (await processors(app)).find((processor) => processor.name === name);
    if (entry && entry.status !== 'standby') found.push(app);
  }
  return found;
}

// On PostgreSQL every process of a deployment runs the forwarder's and the consumer's code, and a
// lease lets one of them work at a time; when it dies, another takes over.
describe('the forwarder and the deliveries consumer on PostgreSQL: one process at a time', () => {
  const database = `cqrs_nats_${Date.now()}_${process.pid}`;
  let nats: NatsServer;
  let client: JetStreamClient;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    await withServer((pg: Sql) => pg.query(`CREATE DATABASE ${database}`));
    nats = await NatsServer.start();
    client = await JetStreamClient.open(nats.url);
    const env = {
      DATABASE_URL: serverUrl(database),
      READ_DATABASE_URL: serverUrl(database),
      NATS_URL: nats.url,
      PROJECTION_POLL_MS: '200',
      LOG_LEVEL: 'warn',
    };
    apps.push(await AppProcess.start('all', env));
    apps.push(await AppProcess.start('all', env));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill().catch(() => undefined)));
    await client?.close();
    await nats?.dispose();
    await withServer((pg: Sql) => pg.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('runs each in one process, the other standing by, and moves it when that process is killed', async () => {
    for (const name of NAMES)
      expect(
        (
          await until(
            () => runners(apps, name),
            (found) => found.length === 1,
          )
        ).length,
      ).toBe(1);

    const [first] = apps;
    const item = (await (
      await fetch(`${first.url}/inventory-items`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Leased' }),
      })
    ).json()) as { id: string };
    const deliver = (count: number) =>
      Promise.all(
        Array.from({ length: count }, () =>
          client.publish('inbound.inventory.deliveries', {
            deliveryId: randomUUID(),
            itemId: item.id,
            count: 1,
          }),
        ),
      );
    await deliver(50);
    const [consumerHost] = await runners(apps, 'inventory-deliveries');
    await consumerHost.kill();
    const survivor = apps.find((app) => app !== consumerHost)!;
    await deliver(50);

    for (const name of NAMES)
      expect(
        await until(
          () => runners([survivor], name),
          (found) => found.length === 1,
          60_000,
        ),
      ).toEqual([survivor]);
    const count = await until(
      async () =>
        (
          (await (await fetch(`${survivor.url}/inventory-items/${item.id}`)).json()) as {
            currentCount: number;
          }
        ).currentCount,
      (current) => current === 100,
      60_000,
    );
    expect(count).toBe(100);
    // Every check-in published once, whichever process published it.
    const forwarded = await until(
      async () =>
        (await client.messages('INTEGRATION')).filter(
          ({ body }) => (body.data as { itemId?: string }).itemId === item.id,
        ),
      (found) => found.length >= 100,
      60_000,
    );
    expect(forwarded).toHaveLength(100);
    expect(new Set(forwarded.map(({ msgId }) => msgId)).size).toBe(100);
    expect(forwarded.at(-1)?.body.data).toEqual({ itemId: item.id, currentCount: 100 });
  });
});
