import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/built-server.js';

/** Debian's nats-server (`apt-get install nats-server`), or NATS_SERVER_BIN. */
const BIN =
  process.env.NATS_SERVER_BIN ??
  (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

/**
 * A real nats-server with JetStream, of the test's own: on a free port, with its own store folder
 * (never the machine's server on 4222), so that a test can stop, kill and restart it. A restart
 * keeps the port and the store, as a server that comes back would.
 */
export class NatsServer {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private output = '';

  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  static async start(): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'nats-test-')));
    await server.restart();
    return server;
  }

  /** A port where nothing listens yet, and a store folder: start() it later ("NATS down at start"). */
  static async notStarted(): Promise<NatsServer> {
    return new NatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'nats-test-')));
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.output;
  }

  /** (Re)starts it on the same port and store; resolves once it accepts clients. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('nats-server is running already');
    const child = spawn(BIN, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', () => done()));
    const ready = new Promise<void>((done, fail) => {
      const look = (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-50_000);
        if (this.output.includes('Server is ready')) done();
      };
      child.stdout?.on('data', look);
      child.stderr?.on('data', look);
      child.once('exit', (code) => fail(new Error(`nats-server exited (${code}):\n${this.output}`)));
      setTimeout(() => fail(new Error(`nats-server did not start:\n${this.output}`)), 15_000).unref();
    });
    await ready;
  }

  /** kill -9: the clients see the socket drop, nothing is flushed by the server. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  /** Stops it for good and removes its store. */
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
