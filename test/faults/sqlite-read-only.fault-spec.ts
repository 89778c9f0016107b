import { randomUUID } from 'node:crypto';
import { ensureBuilt, ServerProcess, STORE } from '../support/built-server.js';
import { SmallFilesystem } from '../support/small-filesystem.js';

/**
 * The data dir on a filesystem that is read-only when the server starts: it refuses to start, with a
 * JSON fatal line that names DATA_DIR, rather than serve 500s (or 200s on /health) from stores it
 * cannot write; once the filesystem is writable again it starts on the same data, which is intact.
 * A store that turns read-only under a running server is the SQLITE_READONLY case of
 * src/core/database/transaction-runner.faults.spec.ts (a mounted filesystem with files open for
 * writing cannot be remounted read-only). Needs root to mount: skips with the reason where it cannot.
 */

const cannotMount = STORE === 'SQLite' ? SmallFilesystem.unmountableBecause() : 'runs on SQLite only';
const maybe = cannotMount ? describe.skip : describe;
if (cannotMount) process.stdout.write(`sqlite-read-only.fault-spec skipped: ${cannotMount}\n`);

maybe(`SQLite on a read-only data dir (skipped where: ${cannotMount ?? 'never, it runs here'})`, () => {
  let disk: SmallFilesystem | undefined;
  const servers: ServerProcess[] = [];

  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) await server.kill();
    disk?.unmount();
  });

  it('refuses to start, naming DATA_DIR, and starts on the same data once it is writable', async () => {
    disk = SmallFilesystem.mount(16);
    const first = await ServerProcess.start({ dataDir: disk.path });
    servers.push(first);
    const itemId = randomUUID();
    const created = await first.post('/inventory-items', { id: itemId, name: 'Read-only' });
    expect(created.status).toBe(201);
    expect(await first.stop()).toBe(0);

    disk.readOnly(true);
    const refused = await ServerProcess.start({ dataDir: disk.path }).then(
      (server) => {
        servers.push(server);
        return 'started';
      },
      (error: Error) => error.message,
    );
    const lines = refused
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.filter((line) => line.level === 60).map((line) => line.msg)).toEqual([
      expect.stringMatching(new RegExp(`DATA_DIR ${disk.path} is not writable \\(EROFS\\)`)),
      'The server did not start',
    ]);

    disk.readOnly(false);
    const second = await ServerProcess.start({ dataDir: disk.path });
    servers.push(second);
    expect(
      (await second.get(`/inventory-items/${itemId}?minPosition=${created.body.position as string}`)).body,
    ).toMatchObject({ id: itemId, name: 'Read-only', version: 1 });
    expect((await second.get('/health')).status).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 120_000);
});
