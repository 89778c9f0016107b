import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ServerProcess, STORE } from '../support/built-server.js';

/**
 * Concurrent writers against the built server over real sockets (test/e2e/conventions/
 * concurrency.e2e-spec.ts covers the same rules in-process). On PostgreSQL (DATABASE_URL set) the
 * commands then truly run in parallel on pooled connections, and the unique (stream, version) index
 * and the bounded retry decide the races.
 */
describe(`concurrent writers on the built server (${STORE})`, () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'cqrs-concurrency-'));
    server = await ServerProcess.start({ dataDir });
  }, 180_000);
  afterAll(async () => {
    if (server?.child.exitCode === null) await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const createItem = async () => {
    const created = await server.post('/inventory-items', { id: randomUUID(), name: 'Contended' });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('loses no update among many writers without an expected version', async () => {
    const id = await createItem();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        server.post(`/inventory-items/${id}/check-in`, { count: (index % 5) + 1 }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(answers.map((answer) => answer.body.version).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 2),
    );
    const highest = Math.max(...answers.map((answer) => Number(answer.body.position)));
    const item = await server.get(`/inventory-items/${id}?minPosition=${highest}`);
    expect(item.body).toMatchObject({ currentCount: 150, version: 51 });
  });

  it('lets exactly one of many writers with the same expected version win; the rest get 409', async () => {
    const id = await createItem();
    // Half say it in the body, half with If-Match: the same check either way.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        index % 2
          ? server.post(`/inventory-items/${id}/check-in`, { count: 1 }, { 'If-Match': '"1"' })
          : server.post(`/inventory-items/${id}/check-in`, { count: 1, expectedVersion: 1 }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort((a, b) => a - b);
    expect(statuses).toEqual([200, ...Array(29).fill(409)]);
    for (const answer of answers.filter((a) => a.status === 409))
      expect(answer.body).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    const history = await server.get(`/inventory-items/${id}/history`);
    expect((history.body.events as unknown[]).length).toBe(2);
  });

  it('makes one item of many concurrent creates with one id', async () => {
    const id = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => server.post('/inventory-items', { id, name: 'Once' })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(201));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    const history = await server.get(`/inventory-items/${id}/history`);
    expect((history.body.events as unknown[]).length).toBe(1);
  });

  it('then stops cleanly on SIGTERM, exit code 0', async () => {
    expect(await server.stop()).toBe(0);
  });
});
