import type { Logger } from '@nestjs/common';
import type { Client, Notification } from 'pg';
import { type Observable, Subject, type Subscription } from 'rxjs';
import { openPostgresSession } from '../database/postgres-session.js';
import { SharedRead } from '../database/shared-read.js';
import { EVENT_LOG_CHANNEL } from '../event-store/dialects/postgres.dialect.js';
import { LogNotifier } from './log-notifier.js';

/**
 * One transaction that only NOTIFYs. Its commit need not wait for the disk: a wake-up lost in a
 * crash is covered by the consumers' polling, as any other missed one.
 */
const ANNOUNCE = `BEGIN; SET LOCAL synchronous_commit TO off;
  SELECT pg_notify('${EVENT_LOG_CHANNEL}', current_schema()); COMMIT`;

/**
 * Wakes the consumers of other processes after this process's commits that appended to the log, and
 * passes on to this process's consumers the wake-ups of the others.
 *
 * The NOTIFY goes after the append's commit, on a session of its own, not in the append's
 * transaction: PostgreSQL serialises the commits of every transaction that NOTIFYs (a database-wide
 * lock held through the commit, WAL flush included), which made every command of every process
 * commit one at a time (docs/decisions/0220). One announcement is under way at a time, and the next
 * one serves every commit made meanwhile (SharedRead, since-asked): its NOTIFY starts after them.
 *
 * LISTENs on a session of its own (processes that run consumers) and passes on the notifications of
 * this schema's log that other sessions sent. A lost session is reopened after `retryMs`;
 * notifications sent meanwhile are missed, which the consumers' polling covers.
 */
export class PostgresLogNotifier extends LogNotifier {
  private readonly subject = new Subject<void>();
  override readonly notified = this.subject.asObservable();
  private session?: Client;
  private retry?: NodeJS.Timeout;
  /** No longer listening (see close()). */
  private closed = false;
  /** The application is shutting down: nothing more is announced. */
  private shutDown = false;
  /** The session that NOTIFYs (its backend's pid, to tell our own notifications from others'). */
  private announcer?: Promise<Client>;
  private announcerPid?: number;
  private readonly announcement = new SharedRead(() => this.sendAnnouncement(), 'since-asked');
  private readonly commits: Subscription;

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
    private readonly retryMs: number,
    private readonly logger: Logger,
    appended: Observable<unknown>,
  ) {
    super();
    this.commits = appended.subscribe(() => void this.announcement.get());
  }

  override async listen(): Promise<void> {
    try {
      const session = await openPostgresSession(this.url, this.applicationName);
      const schema = (await session.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]
        .schema;
      session.on('notification', ({ payload, processId }: Notification) => {
        // This process's own announcements: its consumers were woken by the commits themselves.
        if (payload === schema && processId !== this.announcerPid) this.subject.next();
      });
      session.on('error', () => this.reconnect());
      session.on('end', () => this.reconnect());
      await session.query(`LISTEN ${EVENT_LOG_CHANNEL}`);
      this.session = session;
    } catch (error) {
      this.logger.warn(`Cannot LISTEN for new events (${String(error)}); polling meanwhile`);
      this.reconnect();
    }
  }

  /** Stops listening (the processors stop); this process's commits are still announced. */
  override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const session = this.session;
    this.session = undefined;
    await session?.end().catch(() => undefined);
  }

  /** After the HTTP server and the processors: the last commits of a shutdown are announced too. */
  async onApplicationShutdown(): Promise<void> {
    this.shutDown = true;
    this.commits.unsubscribe();
    await this.close();
    await this.dropAnnouncer();
  }

  /** On the open session, or on a new one if that one has died since (a restarted server). */
  private async sendAnnouncement(): Promise<void> {
    for (let attempt = 1; !this.shutDown; attempt++) {
      try {
        this.announcer ??= this.openAnnouncer();
        await (await this.announcer).query(ANNOUNCE);
        return;
      } catch (error) {
        await this.dropAnnouncer();
        if (attempt === 2 && !this.shutDown) {
          // The next commit tries again; consumers elsewhere poll meanwhile.
          this.logger.warn(`Cannot NOTIFY other processes of new events (${String(error)})`);
          return;
        }
      }
    }
  }

  private async openAnnouncer(): Promise<Client> {
    const client = await openPostgresSession(this.url, `${this.applicationName}-notify`);
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    this.announcerPid = rows[0].pid;
    return client;
  }

  private async dropAnnouncer(): Promise<void> {
    const announcer = this.announcer;
    this.announcer = undefined;
    this.announcerPid = undefined;
    await announcer?.then((client) => client.end()).catch(() => undefined);
  }

  private reconnect(): void {
    if (this.closed || this.retry) return;
    const session = this.session;
    this.session = undefined;
    void session?.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, this.retryMs);
  }
}
