import { randomUUID } from 'node:crypto';
import { ensureBuilt, ServerProcess, STORE } from '../support/built-server.js';
import { SmallFilesystem } from '../support/small-filesystem.js';

/**
 * The data dir on a 2 MiB tmpfs, commands posted until the disk is full, then the disk grown to 64 MiB:
 * every answer is either a 2xx whose event is on disk (after SIGTERM and a restart, at the version
 * and position it was told) or a 503 STORE_UNAVAILABLE with Retry-After whose command is nowhere;
 * never a 500. /health says 503 (write store) while the disk is full and 200 once it has room, and
 * the read views catch up by themselves. Needs root to mount the tmpfs: skips with the reason where it
 * cannot (the injected-fault spec, src/core/database/transaction-runner.faults.spec.ts, runs anywhere).
 */

interface Sent {
  readonly correlationId: string;
  readonly name: string;
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly retryAfter: string | null;
}

interface HistoryEvent {
  version: number;
  position: string;
  data: { name?: string };
  metadata: { correlationId: string };
}

const cannotMount = STORE === 'SQLite' ? SmallFilesystem.unmountableBecause() : 'runs on SQLite only';
const maybe = cannotMount ? describe.skip : describe;
if (cannotMount) process.stdout.write(`sqlite-disk-full.fault-spec skipped: ${cannotMount}\n`);

maybe(`SQLite on a full disk (skipped where: ${cannotMount ?? 'never, it runs here'})`, () => {
  let disk: SmallFilesystem | undefined;
  const servers: ServerProcess[] = [];

  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) await server.kill();
    disk?.unmount();
  });

  it.each(['FULL', 'NORMAL'])(
    'answers 503 STORE_UNAVAILABLE instead of losing commands, and keeps every 2xx after a restart (SQLITE_SYNCHRONOUS=%s)',
    async (synchronous) => {
      disk = SmallFilesystem.mount(2);
      const env = { SQLITE_SYNCHRONOUS: synchronous };
      const server = await ServerProcess.start({ dataDir: disk.path, env });
      servers.push(server);
      const itemId = randomUUID();
      expect((await server.post('/inventory-items', { id: itemId, name: 'Disk full' })).status).toBe(201);

      const sent: Sent[] = [];
      const rename = async (index: number): Promise<Sent> => {
        const correlationId = randomUUID();
        const name = `${'n'.repeat(180)} ${index}`;
        const response = await server.fetch(`/inventory-items/${itemId}/rename`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Correlation-Id': correlationId },
          body: JSON.stringify({ name }),
        });
        const answer = {
          correlationId,
          name,
          status: response.status,
          body: (await response.json()) as Record<string, unknown>,
          retryAfter: response.headers.get('retry-after'),
        };
        sent.push(answer);
        return answer;
      };

      // Fill the disk: stop 20 commands after the first refusal.
      let firstRefusal = -1;
      for (let index = 0; index < 2000 && (firstRefusal < 0 || index < firstRefusal + 20); index++) {
        const answer = await rename(index);
        if (answer.status >= 300 && firstRefusal < 0) {
          firstRefusal = index;
          const health = await server.get('/health');
          expect(health.status).toBe(503);
          expect(health.body).toMatchObject({
            status: 'error',
            code: 'UNHEALTHY',
            details: { writeStore: { status: 'down' } },
          });
        }
      }
      expect(firstRefusal).toBeGreaterThan(0);
      for (const answer of sent.filter(({ status }) => status >= 300)) {
        expect(answer).toMatchObject({ status: 503, body: { code: 'STORE_UNAVAILABLE' } });
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
      }

      // Room again: the store recovers by itself, and so do /health and the views.
      disk.resize(64);
      for (let index = 0; index < 10; index++) expect((await rename(10_000 + index)).status).toBe(200);
      const recovered = await server.get('/health');
      expect(recovered.status).toBe(200);
      const acknowledged = sent.filter(({ status }) => status === 200);
      const last = acknowledged[acknowledged.length - 1].body as { position: string; version: number };
      const details = await server.get(`/inventory-items/${itemId}?minPosition=${last.position}`);
      expect(details.body).toMatchObject({ version: last.version, name: acknowledged.at(-1)!.name });
      const processors = (await server.get('/projections')).body as unknown as Array<{ status: string }>;
      expect(processors.filter(({ status }) => status === 'failed')).toEqual([]);
      expect(await server.stop()).toBe(0);

      // After a restart: exactly the acknowledged commands, where they were told.
      const restarted = await ServerProcess.start({ dataDir: disk.path, env });
      servers.push(restarted);
      const history = await restarted.get(`/inventory-items/${itemId}/history?limit=1000`);
      const events = (history.body.events as HistoryEvent[]).slice(1);
      expect(events.map((event) => event.metadata.correlationId)).toEqual(
        acknowledged.map(({ correlationId }) => correlationId),
      );
      events.forEach((event, index) =>
        expect(acknowledged[index].body).toMatchObject({ version: event.version, position: event.position }),
      );
      process.stdout.write(
        `disk full (SQLITE_SYNCHRONOUS=${synchronous}): ${acknowledged.length} acknowledged, ` +
          `${sent.length - acknowledged.length} refused with 503, first at command ${firstRefusal}\n`,
      );
      expect(await restarted.stop()).toBe(0);
      disk.unmount();
      disk = undefined;
    },
    120_000,
  );
});
