import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ServerProcess } from '../support/built-server.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { Client } from 'pg';

/**
 * The built server on PostgreSQL through a TCP proxy (test/support/tcp-proxy.ts) that refuses, cuts
 * and silences its connections: a database outage and a hung connection answer 503 STORE_UNAVAILABLE
 * with Retry-After, never 500 and never a hang; /health says so; nothing acknowledged is lost; once
 * the database answers again the server recovers by itself, and the saga relay at once.
 */

/** Runs one statement on the run's database (made by the global set-up of npm run test:postgres). */
async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function databaseUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

const host = (url: string) => new URL(url).hostname;
const port = (url: string) => Number(new URL(url).port || 5432);

/** Tight timeouts, so that a silent server shows within the test's seconds. */
const TIMEOUTS = {
  PG_CONNECT_TIMEOUT_MS: '1500',
  PG_STATEMENT_TIMEOUT_MS: '1500',
  PG_QUERY_TIMEOUT_MS: '2500',
  PG_LOCK_TIMEOUT_MS: '1000',
  PROCESSOR_STALL_MS: '1000',
};

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter: string | null;
  ms: number;
}

async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<Answer> {
  const started = Date.now();
  const response = await server.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    retryAfter: response.headers.get('retry-after'),
    ms: Date.now() - started,
  };
}

function expectUnavailable(answer: Answer): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({
    status: 503,
    code: 'STORE_UNAVAILABLE',
  });
  expect(Number(answer.retryAfter)).toBeGreaterThan(0);
}

/** Polls until `check` passes, for at most `ms`. */
async function eventually<T>(ms: number, check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

describe('PostgreSQL outage and hung connections, through a TCP proxy', () => {
  const database = `cqrs_outage_${Date.now()}_${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-outage-'));
  const servers: ServerProcess[] = [];
  let proxy: TcpProxy;
  let url: string;

  beforeAll(async () => {
    await ensureBuilt();
    await onServer(`CREATE DATABASE ${database}`);
    const direct = databaseUrl(database);
    proxy = await TcpProxy.start(host(direct), port(direct));
    url = proxy.via(direct);
  }, 180_000);
  afterEach(async () => {
    await proxy.restore();
    for (const server of servers.splice(0)) if (server.child.exitCode === null) await server.kill();
  });
  afterAll(async () => {
    await proxy.close();
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string> = {}) => {
    const server = await ServerProcess.start({
      dataDir,
      env: { DATABASE_URL: url, READ_DATABASE_URL: url, ...TIMEOUTS, ...env },
    });
    servers.push(server);
    return server;
  };

  it('answers 503 STORE_UNAVAILABLE while PostgreSQL refuses connections, loses nothing, and the saga resumes at once when it is back', async () => {
    const server = await start();
    const itemId = randomUUID();
    expect((await call(server, 'POST', '/inventory-items', { id: itemId, name: 'Outage' })).status).toBe(201);
    const before = await call(server, 'POST', `/inventory-items/${itemId}/check-in`, { count: 100 });
    expect(before.status).toBe(200);

    await proxy.refuse();
    // Long enough for the relay's back-off to grow past a few seconds.
    const outageEnds = Date.now() + 8000;
    const during: Answer[] = [];
    while (Date.now() < outageEnds) {
      during.push(await call(server, 'POST', `/inventory-items/${itemId}/check-in`, { count: 1 }));
      during.push(await call(server, 'GET', `/inventory-items/${itemId}`));
      during.push(await call(server, 'POST', '/orders', { lines: [{ itemId, quantity: 1 }] }));
      await new Promise((done) => setTimeout(done, 500));
    }
    for (const answer of during) expectUnavailable(answer);
    const health = await call(server, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      code: 'UNHEALTHY',
      details: { writeStore: { status: 'down' }, readStore: { status: 'down' } },
    });
    expect((await call(server, 'GET', '/health/live')).status).toBe(200);

    await proxy.restore();
    await eventually(10_000, async () => expect((await call(server, 'GET', '/health')).status).toBe(200));
    // An order placed now is confirmed by the saga within moments, not after the back-off.
    const placed = await call(server, 'POST', '/orders', { lines: [{ itemId, quantity: 2 }] });
    expect(placed.status).toBe(201);
    const startedAt = Date.now();
    const order = await eventually(10_000, async () => {
      const read = await call(server, 'GET', `/orders/${placed.body.id as string}`);
      expect(read.body.status).toBe('confirmed');
      return read;
    });
    const confirmedInMs = Date.now() - startedAt;
    expect(order.body.status).toBe('confirmed');
    expect(confirmedInMs).toBeLessThan(3000);

    // Nothing acknowledged was lost: the check-in before the outage and the order's reservation.
    const item = await call(
      server,
      'GET',
      `/inventory-items/${itemId}?minPosition=${placed.body.position as string}`,
    );
    expect(item.body).toMatchObject({ currentCount: 98 });
    process.stdout.write(
      `outage: ${during.length} answers during it, all 503; order confirmed ${confirmedInMs} ms after\n`,
    );
  }, 90_000);

  it('answers within seconds while connections hang (silenced), then recovers by itself', async () => {
    const server = await start();
    const itemId = randomUUID();
    expect((await call(server, 'POST', '/inventory-items', { id: itemId, name: 'Hung' })).status).toBe(201);

    proxy.silence();
    const command = await call(server, 'POST', `/inventory-items/${itemId}/check-in`, { count: 1 });
    expectUnavailable(command);
    expect(command.ms).toBeLessThan(8000);
    const query = await call(server, 'GET', `/inventory-items/${itemId}`);
    expectUnavailable(query);
    expect(query.ms).toBeLessThan(8000);
    const health = await call(server, 'GET', '/health');
    expect(health.status).toBe(503);
    expect(health.ms).toBeLessThan(5000);
    const projections = await call(server, 'GET', '/projections');
    expect(projections.ms).toBeLessThan(8000);
    expect(projections.status).not.toBe(500);

    await proxy.restore();
    const after = await eventually(15_000, async () => {
      const answer = await call(server, 'POST', `/inventory-items/${itemId}/check-in`, { count: 5 });
      expect(answer.status).toBe(200);
      return answer;
    });
    // The projections noticed their stalled reads, reconnected, and caught up.
    const item = await call(
      server,
      'GET',
      `/inventory-items/${itemId}?minPosition=${after.body.position as string}`,
    );
    expect(item.status).toBe(200);
    expect((item.body.currentCount as number) % 5).toBeLessThanOrEqual(1);
    await eventually(10_000, async () => expect((await call(server, 'GET', '/health')).status).toBe(200));
  }, 90_000);

  it('fails to start against a silent server within seconds, saying so in JSON lines from the first', async () => {
    proxy.silence();
    const startedAt = Date.now();
    const failed = await start({
      PG_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_CONNECT_RETRIES: '1',
      LOG_LEVEL: 'info',
    }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failed).toContain('The server did not start');
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    const lines = failed!
      .slice(failed!.indexOf('\n') + 1)
      .split('\n')
      .filter((line) => line.trim() !== '');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const attempts = lines.map(
      (line) => JSON.parse(line) as { msg?: string; attempt?: number; dataSource?: string; time: string },
    );
    // From its first line to its last (loading the code takes what the machine's load makes it take):
    // two attempts of one second and the second between them.
    const took = Date.parse(attempts.at(-1)!.time) - Date.parse(attempts[0].time);
    expect(took).toBeLessThan(10_000);
    expect(attempts.at(-1)).toMatchObject({ level: 60, msg: 'The server did not start' });
    expect(attempts.filter((line) => line.msg === 'opening store' && line.dataSource === 'write')).toEqual([
      expect.objectContaining({ attempt: 1 }),
      expect.objectContaining({ attempt: 2 }),
    ]);
  }, 60_000);
});
