import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from '../support/built-server.js';

/** The built server (dist/main.js) as a child process, as an operator runs it. */
interface Server {
  readonly process: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

const ROOT = join(import.meta.dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      SQLITE_SYNCHRONOUS: 'NORMAL',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Waiting for the process to listen (not for a projection): poll /health until it answers. A
  // minute, as test/support/built-server.ts: loading the modules alone takes seconds on a busy machine.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    const ok = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { process: child, url, output: () => output };
}

interface Acknowledged {
  id: string;
  version: number;
  position: string;
  answeredAt: number;
}

async function post(url: string, body: unknown): Promise<Acknowledged | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status >= 200 && response.status < 300) {
      return { ...((await response.json()) as Omit<Acknowledged, 'answeredAt'>), answeredAt: Date.now() };
    }
  } catch {
    // Refused or cut off: not acknowledged, so the client may not rely on it.
  }
  return undefined;
}

describe('graceful shutdown of the built server (SIGTERM under load)', () => {
  let dataDir: string;
  let server: Server | undefined;

  beforeAll(async () => {
    // Not `npm run build` itself: that would empty dist/ under the servers of other Jest workers.
    await ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'cqrs-shutdown-'));
  }, 180_000);

  afterAll(() => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the requests in flight, exits 0, and every command answered 2xx survives', async () => {
    server = await startServer(dataDir);
    const { url } = server;
    const acknowledged: Acknowledged[] = [];
    const load = { stopped: false };
    const worker = async (n: number) => {
      while (!load.stopped) {
        const created = await post(`${url}/inventory-items`, { name: `Shutdown ${n}` });
        if (!created) return;
        acknowledged.push(created);
        for (let i = 0; i < 5 && !load.stopped; i++) {
          const checkedIn = await post(`${url}/inventory-items/${created.id}/check-in`, { count: 1 });
          if (!checkedIn) return;
          acknowledged.push(checkedIn);
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, n) => worker(n));
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 10));

    const signalledAt = Date.now();
    const exited = once(server.process, 'exit') as Promise<[number | null, string | null]>;
    server.process.kill('SIGTERM');
    const [code, signal] = await exited;
    const shutdownMs = Date.now() - signalledAt;
    load.stopped = true;
    await Promise.all(workers);

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(shutdownMs).toBeLessThan(5000);
    // Requests in flight when the signal came were answered, not dropped.
    expect(acknowledged.filter((ack) => ack.answeredAt >= signalledAt).length).toBeGreaterThan(0);
    expect(server.output()).toContain('SIGTERM received');

    server = await startServer(dataDir);
    const byItem = new Map<string, Acknowledged[]>();
    for (const ack of acknowledged) byItem.set(ack.id, [...(byItem.get(ack.id) ?? []), ack]);
    const lastPosition = Math.max(...acknowledged.map((ack) => Number(ack.position)));
    for (const [id, acks] of byItem) {
      const history = (await (
        await fetch(`${server.url}/inventory-items/${id}/history?limit=1000`)
      ).json()) as {
        events: { version: number; position: string }[];
      };
      for (const ack of acks) {
        expect(history.events).toContainEqual(
          expect.objectContaining({ version: ack.version, position: ack.position }),
        );
      }
      // ...and reaches the views after the restart.
      const item = await fetch(`${server.url}/inventory-items/${id}?minPosition=${lastPosition}`);
      expect(item.status).toBe(200);
      const { version } = (await item.json()) as { version: number };
      expect(version).toBeGreaterThanOrEqual(Math.max(...acks.map((ack) => ack.version)));
    }
    server.process.kill('SIGTERM');
    const [secondCode] = (await once(server.process, 'exit')) as [number | null];
    expect(secondCode).toBe(0);
  }, 120_000);
});
