import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt, ServerProcess } from '../../support/built-server.js';

const ROOT = resolve(import.meta.dirname ?? '.', '../../..');

/** Runs `node dist/main.js` with `env` until it exits (it must, on a bad setting). */
function runUntilExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('start-up of the built server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-start-up-'));
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says in one line where it listens, in which role, on which stores', async () => {
    const server = await ServerProcess.start({ dataDir, env: { LOG_LEVEL: 'info' } });
    try {
      const port = new URL(server.baseUrl).port;
      const lines = server.log
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string });
      // Under `npm run test:postgres` the child gets DATABASE_URL (built-server.ts), so its stores are
      // PostgreSQL, shown without the password.
      const stores = process.env.DATABASE_URL
        ? /write store postgres postgres:\/\/\S+, read store postgres postgres:\/\/\S+\)$/
        : `write store sqlite ${join(dataDir, 'write.sqlite')}, read store sqlite ${join(dataDir, 'read.sqlite')})`;
      const listening = lines.map((line) => line.msg).find((msg) => msg.startsWith('listening on '));
      expect(listening).toContain(`listening on http://127.0.0.1:${port} (role all, `);
      if (typeof stores === 'string') expect(listening).toContain(stores);
      else expect(listening).toMatch(stores);
    } finally {
      await server.stop();
    }
  }, 90_000);

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer from 0 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535, got "70000"'],
    [{ APP_ROLE: 'command' }, 'APP_ROLE=command needs PostgreSQL: set DATABASE_URL'],
    [{ APP_ROLE: 'reader' }, 'APP_ROLE must be one of all, command, query, projector, got "reader"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ DATABASE_URL: 'mysql://db/app' }, 'DATABASE_URL must be a postgres://… URL'],
  ])(
    'refuses %j with one line on stderr and exit code 1, no stack trace',
    async (env, message) => {
      const { code, stdout, stderr } = await runUntilExit({ DATA_DIR: dataDir, ...env });
      expect({ code, stdout, lines: stderr.trimEnd().split('\n').length }).toEqual({
        code: 1,
        stdout: '',
        lines: 1,
      });
      expect(stderr).toContain(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    },
    40_000,
  );

  it('says so in one line when the port is taken', async () => {
    const server = await ServerProcess.start({ dataDir: mkdtempSync(join(tmpdir(), 'cqrs-start-up-')) });
    try {
      const port = new URL(server.baseUrl).port;
      const { code, stderr } = await runUntilExit({
        DATA_DIR: mkdtempSync(join(tmpdir(), 'cqrs-start-up-')),
        PORT: port,
      });
      expect({ code, stderr }).toEqual({ code: 1, stderr: `PORT=${port} is in use by another process\n` });
    } finally {
      await server.stop();
    }
  }, 90_000);
});
