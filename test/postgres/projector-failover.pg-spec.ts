import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LOG_READER, ProcessorSupervisor } from '../../src/core/index.js';
import { Api } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PROJECTION = 'inventory-item-details';

const runs = (testApp: TestApp) => testApp.app.get(ProcessorSupervisor).running(PROJECTION) !== undefined;

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not happen in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

/** Two projector processes on one database, as two apps on one schema in this process. */
describe('projector leases on PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-failover-'));
  const env = { PROJECTION_POLL_MS: '50' };
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await createTestApp({ dataDir, env });
    second = await createTestApp({ dataDir, env });
  });
  afterAll(async () => {
    await first.close({ keepData: true });
    await second.close();
  });

  it('runs each projection in exactly one of them', () => {
    expect(runs(first)).toBe(true);
    expect(runs(second)).toBe(false);
  });

  it('wakes the runner in the other process when one process writes', async () => {
    const api = new Api(second.app);
    const created = await api.createItem({ name: 'Written by the second' });
    const read = await api.item(created.id, created);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('Written by the second');
  });

  it('moves a projection to the other process when the holder loses its database session', async () => {
    const log = first.app.get<DataSource>(getDataSourceToken(LOG_READER));
    await log.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2
          AND classid::int = hashtext(current_schema()) AND objid::int = hashtext($1)`,
      [`projection:${PROJECTION}`],
    );
    await until(() => !runs(first), 'the first stopping');
    const tookOverIn = await until(() => runs(second), 'the second taking over');
    expect(tookOverIn).toBeLessThan(2000);

    const api = new Api(first.app);
    const created = await api.createItem({ name: 'After the failover' });
    const read = await new Api(second.app).item(created.id, created);
    expect(read.status).toBe(200);
    expect(read.body.name).toBe('After the failover');
  });

  it('hands the projections over when the holder shuts down', async () => {
    await second.close({ keepData: true });
    await until(() => runs(first), 'the first taking over');
    second = await createTestApp({ dataDir, env });
    expect(runs(second)).toBe(false);
  });
});
