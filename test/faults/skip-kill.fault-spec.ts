import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensureBuilt, ServerProcess } from '../support/built-server.js';

const TOKEN = 'skip-kill-token';
const REACTOR = 'event-bus';

interface Stored {
  readonly position: number;
  readonly letter: boolean;
}

/**
 * An operator's skip is one transaction in the processor's store: the guarded checkpoint move and
 * the dead letter. The server is killed (-9) at moments spread over the skip request, round after
 * round; whatever the moment, the store holds the whole skip or none of it, and a restart goes on
 * from there (failed at the event again, or past it).
 */
describe('kill -9 during a skip', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-skip-kill-'));
  const file = join(dataDir, 'write.sqlite');
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** An event of a type this release does not know (what a newer release wrote): the event-bus reactor stops on it. */
  function appendUnreadable(): number {
    const db = new Database(file);
    try {
      const result = db
        .prepare(
          `INSERT INTO event_log (stream_id, stream_type, version, type, schema_version, data, event_id,
             command_id, correlation_id, causation_id, occurred_at)
           VALUES (?, 'Legacy', 1, 'LegacyThingHappened', 1, '{}', ?, 'old', 'old', 'old', ?)`,
        )
        .run(randomUUID(), randomUUID(), new Date().toISOString());
      return Number(result.lastInsertRowid);
    } finally {
      db.close();
    }
  }

  function stored(position: number): Stored {
    const db = new Database(file);
    try {
      const checkpoint = db
        .prepare('SELECT position FROM reactor_checkpoints WHERE name = ?')
        .get(REACTOR) as { position: number } | undefined;
      const letter = db
        .prepare('SELECT 1 FROM reactor_dead_letters WHERE processor = ? AND position = ?')
        .get(REACTOR, position);
      return { position: checkpoint?.position ?? 0, letter: letter !== undefined };
    } finally {
      db.close();
    }
  }

  async function failedAt(position: number): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { body } = await server!.get('/projections');
      const state = (body as unknown as Array<Record<string, unknown>>).find(({ name }) => name === REACTOR);
      if (state?.status === 'failed' && state.failedPosition === String(position)) return;
      if (Date.now() > deadline)
        throw new Error(`${REACTOR} is ${JSON.stringify(state)}, not failed at ${position}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('leaves the skip done entirely (dead letter and checkpoint past it) or not at all', async () => {
    await ensureBuilt();
    const env = { ADMIN_TOKEN: TOKEN, SQLITE_SYNCHRONOUS: 'FULL' };
    // A first start creates the stores.
    server = await ServerProcess.start({ dataDir, env });
    await server.stop();
    server = undefined;

    const outcomes: string[] = [];
    let poison = appendUnreadable();
    for (const delayMs of [0, 1, 2, 3, 5, 8, 12, 20]) {
      server = await ServerProcess.start({ dataDir, env });
      await failedAt(poison);
      const skip = server
        .post(
          `/projections/${REACTOR}/skip`,
          { position: String(poison) },
          { Authorization: `Bearer ${TOKEN}` },
        )
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await server.kill();
      server = undefined;
      await skip;

      const after = stored(poison);
      // All or nothing: never a dead letter with the checkpoint before the event, nor the reverse.
      expect({ delayMs, skipped: after.letter, past: after.position >= poison }).toEqual({
        delayMs,
        skipped: after.letter,
        past: after.letter,
      });
      outcomes.push(after.letter ? 'skipped' : 'not skipped');
      if (after.letter) poison = appendUnreadable();
    }
    process.stdout.write(`\nkill -9 during a skip, by round: ${outcomes.join(', ')}\n`);

    // A restart goes on from what the store holds: failed at the pending event, dead letters kept.
    server = await ServerProcess.start({ dataDir, env });
    await failedAt(poison);
    const { body } = await server.get('/projections');
    const state = (body as unknown as Array<Record<string, unknown>>).find(({ name }) => name === REACTOR);
    expect(state?.deadLetters).toBe(outcomes.filter((outcome) => outcome === 'skipped').length);
    await server.stop();
    server = undefined;
  }, 240_000);
});
