import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess } from './support/app-process.js';
import { postgresSchema, type PostgresSchema, testDatabaseUrl } from '../support/postgres-schema.js';

interface Answer {
  readonly status: number;
  readonly text: string;
}

async function post(url: string, body: unknown, key: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const codeOf = ({ text }: Answer) => (JSON.parse(text) as { code?: string }).code;
const REUSED = 'IDEMPOTENCY_KEY_REUSED';
const ROUNDS = 40;

const databaseUrl = testDatabaseUrl();

/**
 * Two command processes (`node dist/main.js`) on one PostgreSQL, each sent one request with the same
 * Idempotency-Key at the same moment, with different bodies: one check-in that passes and one that is
 * refused (over the item's maximum), on two items, so that neither waits for the other's stream lock.
 * Whichever outcome is recorded first must stand: a request answered 2xx (applied) is answered the
 * same on a retry, and exactly one of the two owns the key (the other's retry: key reused).
 */
(databaseUrl ? describe : describe.skip)('one Idempotency-Key raced by two processes with two bodies', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-key-race-'));
  let schema: PostgresSchema;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    schema = await postgresSchema(databaseUrl!, dataDir);
    const env = { DATABASE_URL: schema.url, READ_DATABASE_URL: schema.url, LOG_LEVEL: 'warn' };
    // The first one migrates; the second starts on the migrated schema.
    processes.push(await AppProcess.start('command', env));
    processes.push(await AppProcess.start('command', env));
  }, 120000);

  afterAll(async () => {
    await Promise.all(processes.map((app) => app.stop()));
    await schema?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('never lets the second body overwrite the outcome recorded for the first', async () => {
    const [one, two] = processes;
    const open = randomUUID();
    const full = randomUUID();
    expect((await post(`${one.url}/inventory-items`, { id: open, name: 'Open' }, randomUUID())).status).toBe(
      201,
    );
    expect(
      (await post(`${one.url}/inventory-items`, { id: full, name: 'Full', maxQty: 1 }, randomUUID())).status,
    ).toBe(201);
    const passes = { path: `/inventory-items/${open}/check-in`, body: { count: 1 } };
    const refused = { path: `/inventory-items/${full}/check-in`, body: { count: 5 } };

    const broken: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const key = randomUUID();
      const [first, second] = await Promise.all([
        post(`${one.url}${passes.path}`, passes.body, key),
        post(`${two.url}${refused.path}`, refused.body, key),
      ]);
      // Each retried on the other process, after both have finished.
      const [firstAgain, secondAgain] = await Promise.all([
        post(`${two.url}${passes.path}`, passes.body, key),
        post(`${one.url}${refused.path}`, refused.body, key),
      ]);
      const answers = { first, firstAgain, second, secondAgain };
      if (first.status === 200 && (firstAgain.status !== 200 || firstAgain.text !== first.text))
        broken.push(`round ${round}: applied, then answered otherwise: ${JSON.stringify(answers)}`);
      const owners = [firstAgain, secondAgain].filter((again) => codeOf(again) !== REUSED);
      if (owners.length !== 1)
        broken.push(`round ${round}: ${owners.length} owners of the key: ${JSON.stringify(answers)}`);
      if (codeOf(secondAgain) !== REUSED && secondAgain.text !== second.text)
        broken.push(`round ${round}: the refusal replayed otherwise: ${JSON.stringify(answers)}`);
    }
    expect(broken).toEqual([]);
  }, 120000);
});
