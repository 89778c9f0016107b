import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ServerProcess } from '../../support/built-server.js';
import { readmeBlockAfter, ROOT } from '../../support/readme-block.js';

const MARKER = '<!-- walk-through: run by test/e2e/docs/readme-walk-through.e2e-spec.ts -->';

/** The README's walk-through: the fenced block right after its marker, as it is written. */
const walkThrough = () => readmeBlockAfter(MARKER);

describe("README's API walk-through, run against the built server", () => {
  let server: ServerProcess;
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-readme-'));

  beforeAll(async () => {
    await ensureBuilt();
    server = await ServerProcess.start({ dataDir });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs every command as written, each answered 2xx, and ends where it says', () => {
    const script = walkThrough();
    expect(script).toContain('BASE=http://localhost:3000');
    // The one change: the test server's address. Every curl fails the script on an error status
    // (--fail-with-body), so a step the README shows as working must work.
    const run = spawnSync(
      'bash',
      [
        '-c',
        [
          'set -euo pipefail',
          'curl() { command curl --fail-with-body --max-time 10 "$@"; }',
          script.replace('BASE=http://localhost:3000', `BASE=${server.baseUrl}`),
          'echo',
          'echo "ITEM=$ITEM ORDER=$ORDER"',
        ].join('\n'),
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const [, item, order] = /ITEM=(\S+) ORDER=(\S+)/.exec(run.stdout) ?? [];
    // Each curl that prints prints one JSON object; they run together without newlines.
    const outputs = run.stdout
      .replace(/}{/g, '}\n{')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

    // What the walk-through says happened did: created, read, renamed, confirmed, cancelled.
    expect(outputs).toEqual([
      { id: item, version: 1, position: expect.stringMatching(/^\d+$/) },
      { id: item, name: 'Widget', currentCount: 10, maxQty: 100, version: 2, active: true },
      { id: item, version: 3, position: expect.stringMatching(/^\d+$/) },
      {
        id: order,
        status: 'confirmed',
        lines: [{ itemId: item, quantity: 3 }],
        version: 2,
      },
      { id: order, version: 3, position: expect.stringMatching(/^\d+$/) },
    ]);
  }, 90_000);
});
