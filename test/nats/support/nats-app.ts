import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ServerProcess } from '../../support/built-server.js';
import type { NatsServer } from './nats-server.js';

export const ADMIN_TOKEN = 'nats-suite-token';

export interface ProcessorEntry {
  readonly name: string;
  readonly kind: string;
  readonly position: string;
  readonly headPosition: string;
  readonly lag: number;
  readonly status: string;
  readonly lastError: string | null;
  readonly deadLetters: number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Polls `what` until `ok`, and answers its last value either way (the test's expect says why). */
export async function until<T>(
  what: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

/** The built application, with NATS_URL pointing at the test's own nats-server, on its own data. */
export class NatsApp {
  private constructor(
    readonly dataDir: string,
    private readonly server: NatsServer,
    public process: ServerProcess,
  ) {}

  static async start(server: NatsServer, env: Record<string, string> = {}): Promise<NatsApp> {
    await ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'nats-app-'));
    const process = await ServerProcess.start({ dataDir, env: NatsApp.env(server, env) });
    return new NatsApp(dataDir, server, process);
  }

  private static env(server: NatsServer, env: Record<string, string>): Record<string, string> {
    return { NATS_URL: server.url, ADMIN_TOKEN, LOG_LEVEL: 'info', PROJECTION_POLL_MS: '100', ...env };
  }

  /** kill -9, then the same application again on the same data. */
  async crashAndRestart(env: Record<string, string> = {}): Promise<void> {
    await this.process.kill();
    this.process = await ServerProcess.start({ dataDir: this.dataDir, env: NatsApp.env(this.server, env) });
  }

  async processors(): Promise<ProcessorEntry[]> {
    const { body } = await this.process.get('/projections');
    return body as unknown as ProcessorEntry[];
  }

  async processor(name: string): Promise<ProcessorEntry | undefined> {
    return (await this.processors()).find((entry) => entry.name === name);
  }

  /** Waits until the forwarder has published everything in the log. */
  async forwarded(timeoutMs = 60_000): Promise<ProcessorEntry | undefined> {
    return until(
      () => this.processor('nats-integration'),
      (entry) => entry?.lag === 0 && entry.status === 'running',
      timeoutMs,
    );
  }

  async createItem(maxQty?: number): Promise<string> {
    const { status, body } = await this.process.post('/inventory-items', { name: 'Widget', maxQty });
    if (status !== 201) throw new Error(`create: ${status} ${JSON.stringify(body)}`);
    return body.id as string;
  }

  async checkIn(itemId: string, count: number): Promise<number> {
    return (await this.process.post(`/inventory-items/${itemId}/check-in`, { count })).status;
  }

  async currentCount(itemId: string): Promise<number> {
    return (await this.process.get(`/inventory-items/${itemId}`)).body.currentCount as number;
  }

  async dispose(): Promise<void> {
    await this.process.kill().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
