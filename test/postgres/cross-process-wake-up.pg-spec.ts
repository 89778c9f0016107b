import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * With polling all but off, a write in one process reaches the views run by another only through
 * LISTEN/NOTIFY: the read with ?minPosition= would otherwise time out (503).
 */
describe('wake-ups across processes on PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-notify-'));
  const env = { PROJECTION_POLL_MS: '600000', CONSISTENCY_TIMEOUT_MS: '3000' };
  let runner: TestApp;
  let writer: TestApp;

  beforeAll(async () => {
    runner = await createTestApp({ dataDir, env });
    writer = await createTestApp({ dataDir, env });
  });
  afterAll(async () => {
    await writer.close({ keepData: true });
    await runner.close();
  });

  it('wakes the projections of the process that holds them', async () => {
    const api = new Api(writer.app);
    for (let attempt = 0; attempt < 3; attempt++) {
      const created = await api.createItem({ name: `Notified ${attempt}` });
      const read = await api.item(created.id, created);
      expect(read.status).toBe(200);
      expect(read.body.name).toBe(`Notified ${attempt}`);
    }
  });
});
