import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * The built application (`npm run build`, then `node dist/main.js`) as a child process, for the tests
 * that must kill it for real. The build runs only when a source file is newer than dist/main.js, once
 * across Jest's workers (a lock directory serialises them).
 */

const ROOT = resolve(import.meta.dirname ?? '.', '../..');
const MAIN = join(ROOT, 'dist', 'main.js');
const LOCK = join(ROOT, '.build.lock');
const BUILD_INPUTS = ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];

function newestInput(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestInput(join(path, name))));
}

function isBuilt(): boolean {
  if (!existsSync(MAIN)) return false;
  const built = statSync(MAIN).mtimeMs;
  return BUILD_INPUTS.every(
    (input) => !existsSync(join(ROOT, input)) || newestInput(join(ROOT, input)) <= built,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Builds dist/ unless it is up to date with the sources. */
export async function ensureBuilt(): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    // While another worker builds, dist/ is half written (main.js may be there before the files it
    // imports): it is built only once no worker holds the lock.
    if (isBuilt() && !existsSync(LOCK)) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another worker builds; a lock older than the longest build is left over from a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000)
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for another worker to build dist/');
      await sleep(500);
      continue;
    }
    try {
      if (!isBuilt()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

/** A free TCP port on this machine (never 3000). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The stores the child uses: the embedded SQLite files in `dataDir`, or the PostgreSQL databases of
 * DATABASE_URL / READ_DATABASE_URL when the test run sets them (npm run test:postgres).
 */
export const STORE = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';

export interface ServerOptions {
  readonly dataDir: string;
  readonly env?: Record<string, string>;
}

export class ServerProcess {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    child.stdout?.on(
      'data',
      (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-200_000)),
    );
    child.stderr?.on(
      'data',
      (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-200_000)),
    );
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  }

  /** Starts `node dist/main.js` and resolves once it answers HTTP. */
  static async start({ dataDir, env = {} }: ServerOptions): Promise<ServerProcess> {
    const port = await freePort();
    const passed: Record<string, string> = {};
    for (const name of ['DATABASE_URL', 'READ_DATABASE_URL', 'PATH', 'HOME', 'TMPDIR']) {
      const value = process.env[name];
      if (value) passed[name] = value;
    }
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { ...passed, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    await server.waitUntilReady();
    return server;
  }

  /** What the process printed last (for a failure message). */
  get log(): string {
    return this.output;
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, init);
  }

  /** POSTs JSON and answers the status and parsed body. */
  async post(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await this.fetch(path);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** kill -9: no shutdown hook, no flush, nothing. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, and the exit code it ended with. */
  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    const { code } = await this.exited;
    return code;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
    const child = { exited: false };
    void this.exited.then(() => (child.exited = true));
    while (Date.now() < deadline && !child.exited) {
      try {
        const response = await this.fetch('/inventory-items?limit=1');
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    this.child.kill('SIGKILL');
    throw new Error(`The server did not start:\n${this.output}`);
  }
}
