import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL), for the fault tests of an outage or a hung
 * connection. It forwards both ways until told otherwise:
 * - refuse(): stops listening and resets every open connection (a database that is down);
 * - cut(): resets every open connection and keeps listening (a restart, a network blip);
 * - silence(): keeps every connection, new ones included, open but forwards nothing, either way
 *   (a hung server, a network device that drops traffic without closing anything);
 * - restore(): back to forwarding; what a silence held back is delivered then, as TCP would.
 */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private silenced = false;
  private server: Server;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    readonly port: number,
  ) {
    this.server = this.listener();
  }

  /** A proxy on a free local port in front of host:port. */
  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort, 0);
    await proxy.listen(0);
    return proxy;
  }

  /** `url` (postgres://…) with its host and port replaced by this proxy's. */
  via(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  get connections(): number {
    return this.pairs.size;
  }

  async refuse(): Promise<void> {
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    this.cut();
    await closed;
  }

  cut(): void {
    for (const [client, upstream] of this.pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  silence(): void {
    this.silenced = true;
    for (const [client, upstream] of this.pairs) {
      client.pause();
      upstream.pause();
    }
  }

  async restore(): Promise<void> {
    this.silenced = false;
    for (const [client, upstream] of this.pairs) {
      client.resume();
      upstream.resume();
    }
    if (!this.server.listening) {
      this.server = this.listener();
      await this.listen(this.port);
    }
  }

  async close(): Promise<void> {
    await this.refuse().catch(() => undefined);
  }

  private listener(): Server {
    return createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      client.pipe(upstream);
      upstream.pipe(client);
      // After pipe(), which resumes its source.
      if (this.silenced) {
        client.pause();
        upstream.pause();
      }
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise((done, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', fail);
        (this as { port: number }).port = (this.server.address() as { port: number }).port;
        done();
      });
    });
  }
}
