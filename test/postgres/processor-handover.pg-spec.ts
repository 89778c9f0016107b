import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { postgresSchema, type PostgresSchema, testDatabaseUrl } from '../support/postgres-schema.js';
import { AppProcess } from './support/app-process.js';

const SAGA = 'order-fulfilment';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Reads every checkpoint (both stores share the schema here) over and over while the processes
 * run, and keeps each move that went backwards.
 */
class CheckpointWatch {
  readonly backwards: string[] = [];
  readonly last = new Map<string, number>();
  private running = true;
  private readonly done: Promise<void>;

  constructor(private readonly client: Client) {
    this.done = this.watch();
  }

  private async watch(): Promise<void> {
    while (this.running) {
      const { rows } = await this.client.query<{ name: string; position: string }>(
        'SELECT name, position FROM reactor_checkpoints UNION ALL SELECT name, position FROM projection_checkpoints',
      );
      for (const { name, position } of rows) {
        const before = this.last.get(name) ?? 0;
        if (Number(position) < before) this.backwards.push(`${name}: ${before} -> ${position}`);
        this.last.set(name, Math.max(before, Number(position)));
      }
      await pause(5);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

/** The positions each process's log says it handed to `processor` ('event handled' debug lines). */
function handled(app: AppProcess, processor: string): number[] {
  return app.log
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"event handled"'))
    .map((line) => JSON.parse(line) as { processor: string; position: number })
    .filter((line) => line.processor === processor)
    .map((line) => line.position);
}

const databaseUrl = testDatabaseUrl();

/**
 * Two projector processes (`node dist/main.js`) on one PostgreSQL run the same sagas: one holds
 * each saga's lease, the other stands by; the active one is stopped mid-load (SIGTERM) and the other
 * takes over from the saved checkpoint.
 */
(databaseUrl ? describe : describe.skip)('two projector processes on PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-handover-'));
  let schema: PostgresSchema;
  let client: Client;
  const processes: AppProcess[] = [];

  const start = async (role: string, extra: NodeJS.ProcessEnv = {}) => {
    const app = await AppProcess.start(role, {
      DATABASE_URL: schema.url,
      READ_DATABASE_URL: schema.url,
      LOG_LEVEL: 'warn',
      PROJECTION_POLL_MS: '100',
      ...extra,
    });
    processes.push(app);
    return app;
  };

  beforeAll(async () => {
    schema = await postgresSchema(databaseUrl!, dataDir);
    client = new Client({ connectionString: schema.url });
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(processes.map((app) => app.stop()));
    await client?.end();
    await schema?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never deliver one event to a saga twice, hand it over on SIGTERM, and never move a checkpoint backwards', async () => {
    const active = await start('projector', { LOG_LEVEL: 'debug' });
    const standby = await start('projector', { LOG_LEVEL: 'debug' });
    const command = await start('command');
    const watch = new CheckpointWatch(client);

    // The second one runs the same code but holds no lease.
    const listed = (await (await fetch(`${standby.url}/projections`)).json()) as Array<
      Record<string, string>
    >;
    expect(listed.find(({ name }) => name === SAGA)).toMatchObject({ kind: 'reactor', status: 'standby' });

    const items = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const id = randomUUID();
        expect((await post(`${command.url}/inventory-items`, { id, name: `Stock ${id}` })).status).toBe(201);
        expect((await post(`${command.url}/inventory-items/${id}/check-in`, { count: 1000 })).status).toBe(
          200,
        );
        return id;
      }),
    );
    let handover: Promise<unknown> | undefined;
    for (let n = 0; n < 60; n++) {
      const lines = [{ itemId: items[n % 4], quantity: 1 }];
      expect((await post(`${command.url}/orders`, { lines })).status).toBe(201);
      // Mid-load, the active projector is told to stop: it finishes the reaction in flight, saves
      // its checkpoint, gives its leases up; the standby takes over.
      if (n === 25) handover = active.stop();
      await pause(20);
    }
    expect(await handover).toBe(0);

    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await client.query<{ pending: string }>(
        "SELECT count(*) AS pending FROM orders WHERE status = 'pending'",
      );
      if (Number(rows[0].pending) === 0) break;
      if (Date.now() > deadline) throw new Error(`orders still pending:\n${standby.log.slice(-5000)}`);
      await pause(50);
    }
    await pause(300);
    await watch.stop();

    expect(watch.backwards).toEqual([]);
    const placed = (
      await client.query<{ position: string }>("SELECT position FROM event_log WHERE type = 'OrderPlaced'")
    ).rows.map(({ position }) => Number(position));
    expect(placed).toHaveLength(60);
    const byActive = handled(active, SAGA);
    const byStandby = handled(standby, SAGA);
    // Both took part, and each OrderPlaced reached the saga exactly once across the two.
    expect(byActive.length).toBeGreaterThan(0);
    expect(byStandby.length).toBeGreaterThan(0);
    const all = [...byActive, ...byStandby].filter((position) => placed.includes(position));
    expect(all.toSorted((a, b) => a - b)).toEqual(placed.toSorted((a, b) => a - b));
    expect(watch.last.get(SAGA)).toBeGreaterThanOrEqual(Math.max(...placed));
  }, 120_000);
});
