import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ServerProcess, STORE } from '../support/built-server.js';

/**
 * kill -9 in the middle of a load of concurrent commands, then a restart on the same data: every
 * command that was answered 2xx is in the log and in every read view, and nothing else is.
 *
 * Each request carries its own X-Correlation-Id, which the log stores with the event it wrote, so
 * every event maps back to exactly one request. A request whose answer was lost in the kill (the
 * connection broke, or the server was already gone) may or may not have been applied; one answered
 * 2xx must have been, at the version and position it was told; one never sent cannot have been.
 *
 * Then every request whose answer was lost is retried with its Idempotency-Key: afterwards each
 * request sent is in the log exactly once, whether or not the kill had let it through.
 *
 * Runs on SQLite with each durability setting, or on PostgreSQL when DATABASE_URL is set.
 */

interface Sent {
  readonly itemId: string;
  readonly kind: 'check-in' | 'rename';
  readonly count?: number;
  readonly name?: string;
  outcome: 'acknowledged' | 'refused' | 'lost';
  status?: number;
  result?: { version: number; position: string };
}

interface HistoryEvent {
  version: number;
  position: string;
  type: string;
  data: { count?: number; name?: string };
  metadata: { correlationId: string };
}

const ITEMS = 4;
const WRITERS = 12;
/** Kill once this many commands have been answered, so the kill lands mid-load. */
const ACKNOWLEDGED_BEFORE_KILL = 120;

/** The item's row in the list view, paging through it (a shared PostgreSQL database holds many). */
async function listedRow(server: ServerProcess, itemId: string, minPosition: string) {
  for (let offset = 0; ; offset += 500) {
    const page = await server.get(`/inventory-items?limit=500&offset=${offset}&minPosition=${minPosition}`);
    const items = page.body.items as Array<{ id: string; name: string }>;
    const row = items.find((entry) => entry.id === itemId);
    if (row || items.length < 500) return row;
  }
}

/** The durability settings to crash under: each SQLite `synchronous`, or PostgreSQL as configured. */
const SETTINGS: Array<[string, Record<string, string>]> =
  STORE === 'SQLite'
    ? [
        ['SQLITE_SYNCHRONOUS=FULL', { SQLITE_SYNCHRONOUS: 'FULL' }],
        ['SQLITE_SYNCHRONOUS=NORMAL', { SQLITE_SYNCHRONOUS: 'NORMAL' }],
      ]
    : [['DATABASE_URL', {}]];

describe(`crash durability on ${STORE}: kill -9 mid-load, restart`, () => {
  const dataDirs: string[] = [];
  const servers: ServerProcess[] = [];

  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) await server.kill();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each(SETTINGS)(
    'keeps every acknowledged command in the log and every view, nothing else, and applies a lost one once when retried with its key (%s)',
    async (setting, env) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-crash-'));
      dataDirs.push(dataDir);
      const first = await ServerProcess.start({ dataDir, env });
      servers.push(first);

      const items: string[] = [];
      for (let index = 0; index < ITEMS; index++) {
        const created = await first.post('/inventory-items', { id: randomUUID(), name: `Crash ${index}` });
        expect(created.status).toBe(201);
        items.push(created.body.id as string);
      }

      // The load: writers without an expected version, mostly check-ins, some renames.
      const sent = new Map<string, Sent>();
      let acknowledged = 0;
      const load = { killed: false };
      const killedAfterEnough = new Promise<void>((done) => {
        const writer = async (writerIndex: number) => {
          for (let step = 0; !load.killed; step++) {
            const correlationId = randomUUID();
            const itemId = items[(writerIndex + step) % items.length];
            const rename = step % 7 === 3;
            const request: Sent = rename
              ? { itemId, kind: 'rename', name: `Name ${correlationId}`, outcome: 'lost' }
              : { itemId, kind: 'check-in', count: 1 + ((writerIndex * 31 + step) % 9), outcome: 'lost' };
            sent.set(correlationId, request);
            try {
              const answer = await first.post(
                `/inventory-items/${itemId}/${request.kind}`,
                rename ? { name: request.name } : { count: request.count },
                { 'X-Correlation-Id': correlationId, 'Idempotency-Key': correlationId },
              );
              request.status = answer.status;
              if (answer.status >= 200 && answer.status < 300) {
                request.outcome = 'acknowledged';
                request.result = answer.body as Sent['result'];
                if (++acknowledged === ACKNOWLEDGED_BEFORE_KILL) done();
              } else {
                request.outcome = 'refused';
              }
            } catch {
              return; // the connection broke: the answer is lost, and so is the server
            }
          }
        };
        for (let index = 0; index < WRITERS; index++) void writer(index);
      });
      await killedAfterEnough;
      await first.kill();
      load.killed = true;
      const all = [...sent.values()];
      // A refusal (a 409 when a race outlasts the retries) is an answer too: it must not be in the log.
      const refused = all.filter((request) => request.outcome === 'refused');
      expect(refused.filter((request) => request.status !== 409)).toEqual([]);
      // The kill landed mid-load: some requests were in flight and lost their answer.
      const lost = all.filter((request) => request.outcome === 'lost');
      expect(lost.length).toBeGreaterThan(0);
      let lostButApplied = 0;

      const second = await ServerProcess.start({ dataDir, env });
      servers.push(second);
      const highest = Math.max(...all.filter((r) => r.result).map((r) => Number(r.result?.position)));

      for (const itemId of items) {
        const history = await second.get(
          `/inventory-items/${itemId}/history?minPosition=${highest}&limit=1000`,
        );
        expect(history.status).toBe(200);
        const events = history.body.events as HistoryEvent[];

        // The log: one event per acknowledged command, where it was told; the rest only lost ones.
        const seen = new Set<string>();
        const applied: Sent[] = [];
        for (const event of events.slice(1)) {
          const request = sent.get(event.metadata.correlationId);
          expect({ event, request: request ?? 'never sent' }).toMatchObject({ request: { itemId } });
          expect(seen.has(event.metadata.correlationId)).toBe(false);
          seen.add(event.metadata.correlationId);
          expect(request?.outcome).not.toBe('refused');
          if (request?.kind === 'check-in')
            expect(event).toMatchObject({ type: 'ItemsCheckedIn', data: { count: request.count } });
          if (request?.kind === 'rename')
            expect(event).toMatchObject({ type: 'InventoryItemRenamed', data: { name: request.name } });
          if (request?.result)
            expect(request.result).toMatchObject({ version: event.version, position: event.position });
          if (request) applied.push(request);
        }
        const acknowledgedHere = all.filter((r) => r.itemId === itemId && r.outcome === 'acknowledged');
        for (const request of acknowledgedHere) expect(applied).toContain(request);
        const lostApplied = applied.filter((request) => request.outcome === 'lost');
        lostButApplied += lostApplied.length;
        expect(events.map((event) => event.version)).toEqual(events.map((_, index) => index + 1));

        // Every view, read once it has passed the whole log of this item.
        const last = events[events.length - 1];
        const details = await second.get(`/inventory-items/${itemId}?minPosition=${last.position}`);
        const count = (requests: Sent[]) => requests.reduce((sum, r) => sum + (r.count ?? 0), 0);
        const lastName = events.findLast((event) => event.data.name !== undefined)?.data.name;
        expect(details.body).toMatchObject({
          id: itemId,
          currentCount: count(acknowledgedHere) + count(lostApplied),
          version: events.length,
          name: lastName,
        });
        expect(await listedRow(second, itemId, last.position)).toEqual({ id: itemId, name: lastName });
      }

      process.stdout.write(
        `crash (${STORE}, ${setting}): ${acknowledged} acknowledged, ${refused.length} refused, ${lost.length} lost in the kill, of which ${lostButApplied} were applied\n`,
      );

      // Exactly once: retry every lost request with its key; each applies now or answers its first answer.
      for (const [correlationId, request] of sent) {
        if (request.outcome !== 'lost') continue;
        const retried = await second.post(
          `/inventory-items/${request.itemId}/${request.kind}`,
          request.kind === 'rename' ? { name: request.name } : { count: request.count },
          { 'X-Correlation-Id': correlationId, 'Idempotency-Key': correlationId },
        );
        expect(retried.status).toBe(200);
      }
      for (const itemId of items) {
        const history = await second.get(`/inventory-items/${itemId}/history?limit=1000`);
        const events = (history.body.events as HistoryEvent[]).slice(1);
        const expected = [...sent]
          .filter(([, request]) => request.itemId === itemId && request.outcome !== 'refused')
          .map(([correlationId]) => correlationId);
        expect(events.map((event) => event.metadata.correlationId).sort()).toEqual(expected.sort());
        const last = events[events.length - 1];
        const details = await second.get(`/inventory-items/${itemId}?minPosition=${last.position}`);
        const checkIns = [...sent.values()].filter(
          (request) => request.itemId === itemId && request.outcome !== 'refused',
        );
        expect(details.body.currentCount).toBe(
          checkIns.reduce((sum, request) => sum + (request.count ?? 0), 0),
        );
      }

      // The restarted server takes commands as ever, and stops cleanly on SIGTERM.
      const after = await second.post(`/inventory-items/${items[0]}/check-in`, { count: 1 });
      expect(after.status).toBe(200);
      expect(await second.stop()).toBe(0);
    },
    180_000,
  );
});
