import type { Logger } from '@nestjs/common';
import type { Client } from 'pg';
import { Subject } from 'rxjs';
import { openPostgresSession } from '../database/postgres-session.js';
import { EVENT_LOG_CHANNEL } from '../event-store/dialects/postgres.dialect.js';
import { LogNotifier } from './log-notifier.js';

/**
 * LISTENs on the channel that every append NOTIFYs at commit (see PostgresDialect), on a session of
 * its own, and passes on those of this schema's log. A lost session is reopened after
 * `retryMs`; notifications sent meanwhile are missed, which the consumers' polling covers.
 */
export class PostgresLogNotifier extends LogNotifier {
  private readonly subject = new Subject<void>();
  override readonly notified = this.subject.asObservable();
  private session?: Client;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
    private readonly retryMs: number,
    private readonly logger: Logger,
  ) {
    super();
  }

  override async listen(): Promise<void> {
    try {
      const session = await openPostgresSession(this.url, this.applicationName);
      const schema = (await session.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]
        .schema;
      session.on('notification', ({ payload }) => {
        if (payload === schema) this.subject.next();
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

  override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const session = this.session;
    this.session = undefined;
    await session?.end().catch(() => undefined);
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
