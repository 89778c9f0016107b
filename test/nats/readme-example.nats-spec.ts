import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readmeBlockAfter, ROOT } from '../support/readme-block.js';
import { NatsApp, sleep, until } from './support/nats-app.js';
import { NatsServer } from './support/nats-server.js';

const MARKER =
  '<!-- nats example: its scripts/nats.mjs lines are run by test/nats/readme-example.nats-spec.ts -->';

/** The README's "Try it" block about NATS, as it is written. */
const example = () => readmeBlockAfter(MARKER);

/** The lines of the example that start with `prefix`, in their order. */
const linesOf = (script: string, prefix: string) =>
  script.split('\n').filter((line) => line.startsWith(prefix));

/**
 * The README's NATS example against a real nats-server and the built application: the `sub` line
 * prints what the application publishes, in the format the README shows; the `pub` lines, run as
 * written (the same delivery twice), check the item in once.
 */
describe("README's NATS example, run against the built server", () => {
  let server: NatsServer;
  let app: NatsApp;
  let subscriber: ChildProcess | undefined;
  const env = () => ({ ...process.env, NATS_URL: server.url });

  beforeAll(async () => {
    server = await NatsServer.start();
    app = await NatsApp.start(server);
    await until(
      () => app.processor('inventory-deliveries'),
      (entry) => entry?.status === 'running',
    );
  }, 180_000);

  afterAll(async () => {
    subscriber?.kill();
    await app?.dispose();
    await server?.dispose();
  });

  it('starts the application with NATS_URL and a JetStream server, as the README says', () => {
    const script = example();
    expect(script).toMatch(/^nats-server -js &$/m);
    expect(script).toMatch(/^NATS_URL=nats:\/\/127\.0\.0\.1:4222 npm start$/m);
  });

  it("prints the integration events with the `sub` line, in the README's format", async () => {
    const [sub] = linesOf(example(), 'node scripts/nats.mjs sub ');
    expect(sub).toBeDefined();
    let printed = '';
    subscriber = spawn('bash', ['-c', sub], { cwd: ROOT, env: env() });
    subscriber.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const item = await app.createItem();
    // Core NATS: a message published before the subscription reached the server is not shown, so
    // check in until one is.
    const line = new RegExp(
      `^integration\\.inventory\\.stock-changed \\[[^\\]]+\\] (\\{.*"itemId":"${item}".*\\})$`,
      'm',
    );
    await until(
      async () => {
        expect(await app.checkIn(item, 1)).toBe(200);
        await sleep(300);
        return printed;
      },
      (text) => line.test(text),
    );
    const message = JSON.parse(line.exec(printed)?.[1] ?? 'null') as {
      type: string;
      data: { itemId: string; currentCount: number };
    } | null;
    expect(message).toMatchObject({ type: 'inventory.stock-changed.v1', data: { itemId: item } });
  });

  it('checks a delivery published twice with the `pub` lines in once', async () => {
    const item = await app.createItem();
    const script = example();
    const lines = [...linesOf(script, 'DELIVERY='), ...linesOf(script, 'node scripts/nats.mjs pub ')];
    expect(lines).toHaveLength(3);
    const run = spawnSync('bash', ['-c', ['set -euo pipefail', ...lines].join('\n')], {
      cwd: ROOT,
      env: { ...env(), ITEM: item },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^stored in \S+ as message \d+\nstored in \S+ as message \d+\n$/);

    expect(
      await until(
        () => app.currentCount(item),
        (count) => count === 5,
      ),
    ).toBe(5);
    // The second one is consumed too (nothing left pending), and changed nothing.
    await until(
      () => app.processor('inventory-deliveries'),
      (entry) => entry?.lag === 0,
    );
    await sleep(500);
    expect(await app.currentCount(item)).toBe(5);
  });
});
