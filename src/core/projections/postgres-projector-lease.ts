import type { Logger } from '@nestjs/common';
import type { Client } from 'pg';
import { openPostgresSession } from '../database/postgres-session.js';
import { type LeaseHolder, ProjectorLease } from './projector-lease.js';

/**
 * Leases as PostgreSQL session-level advisory locks, keyed by (schema, name), on a session of our
 * own. A lock lives exactly as long as the session: when the holder dies (kill -9 included) the
 * server sees the socket close and releases it, and the next attempt of another process wins.
 * Every `retryMs` this process checks its session (a failed check means its leases are gone, so its
 * consumers stop before another process can have started for long) and tries the names it lacks.
 *
 * A process whose session died while it held leases stays out of the election for a while
 * (LOST_PAUSE): its session died for a reason (its network, an operator ending it), and a process
 * that kept its own is the likelier to be healthy. Without the pause, the loser's reconnection raced
 * the others for the lock it had just lost, and won it back as often as not. Alone, it takes its
 * leases back after the pause.
 */
const LOST_PAUSE = { retries: 3, minimumMs: 1000 };

export class PostgresProjectorLease extends ProjectorLease {
  private readonly wanted = new Map<string, LeaseHolder>();
  private readonly held = new Set<string>();
  private session?: Client;
  private timer?: NodeJS.Timeout;
  private tick: Promise<void> = Promise.resolve();
  private closed = false;
  /** Until when this process leaves the names it lacks to the others (see LOST_PAUSE). */
  private pausedUntil = 0;

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
    private readonly retryMs: number,
    private readonly logger: Logger,
  ) {
    super();
  }

  async hold(name: string, holder: LeaseHolder): Promise<void> {
    this.wanted.set(name, holder);
    this.timer ??= setInterval(() => this.schedule(), this.retryMs);
    await this.schedule();
  }

  holds(name: string): boolean {
    return this.held.has(name);
  }

  async releaseAll(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.tick;
    this.wanted.clear();
    this.held.clear();
    // Closing the session releases every lock it holds.
    await this.session?.end().catch(() => undefined);
    this.session = undefined;
  }

  /**
   * From the server's lock table: the session holding each name's advisory lock, in whichever
   * process, by the application_name it connected with (processIdentity). On this process's lease
   * session, in turn with the attempts; a session that cannot answer knows no holder.
   */
  holders(names: readonly string[]): Promise<Map<string, string>> {
    const answer = this.tick.then(async () => {
      if (this.closed || names.length === 0) return new Map<string, string>();
      const session = await this.connected();
      const result = await session.query<{ name: string; holder: string }>(
        `SELECT n.name, a.application_name AS holder
           FROM unnest($1::text[]) AS n(name)
           JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.classid::int = hashtext(current_schema()) AND l.objid::int = hashtext(n.name)
           JOIN pg_stat_activity a ON a.pid = l.pid`,
        [names],
      );
      return new Map(result.rows.map((row) => [row.name, row.holder]));
    });
    this.tick = answer.then(
      () => undefined,
      () => undefined,
    );
    return answer.catch(() => new Map<string, string>());
  }

  /** One attempt at a time: a slow database must not pile attempts up. */
  private schedule(): Promise<void> {
    this.tick = this.tick.then(() => this.attempt());
    return this.tick;
  }

  private async attempt(): Promise<void> {
    if (this.closed || Date.now() < this.pausedUntil) return;
    try {
      const session = await this.connected();
      for (const [name, holder] of this.wanted) {
        if (this.held.has(name)) continue;
        const result = await session.query<{ won: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext(current_schema()), hashtext($1)) AS won',
          [name],
        );
        if (!result.rows[0].won) continue;
        this.held.add(name);
        this.logger.log(`This process now runs ${name}`);
        await holder.acquired();
      }
    } catch (error) {
      await this.loseAll(error);
    }
  }

  /** The session, checked with a round trip, or a new one (holding nothing yet). */
  private async connected(): Promise<Client> {
    if (this.session) {
      await this.session.query('SELECT 1');
      return this.session;
    }
    this.session = await openPostgresSession(this.url, this.applicationName);
    return this.session;
  }

  private async loseAll(error: unknown): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.end().catch(() => undefined);
    if (this.held.size === 0) return;
    this.pausedUntil = Date.now() + Math.max(LOST_PAUSE.retries * this.retryMs, LOST_PAUSE.minimumMs);
    this.logger.error(`Lost the projector leases (${String(error)}); stopping ${[...this.held].join(', ')}`);
    const lost = [...this.held];
    this.held.clear();
    for (const name of lost) await this.wanted.get(name)?.lost();
  }
}
