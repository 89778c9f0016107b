import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LOG_READER } from '../database/data-source-names.js';
import { NotFoundError } from '../domain/domain-error.js';
import type { StoredEventHeader } from '../domain/domain-event.js';
import { EventRecordEntity } from './event-record.entity.js';

/** One event as the log holds it: its data as stored (not upcast), so an unreadable one shows too. */
export interface LoggedEvent extends StoredEventHeader {
  /** The stored JSON, parsed; the raw text if it is not JSON. */
  readonly data: unknown;
}

/** A page of events in log order; `next` is the `after` of the next page, null on the last. */
export interface LogPage {
  readonly events: LoggedEvent[];
  readonly next: number | null;
}

export interface LogPageRequest {
  /** Events after this position (exclusive); 0 from the first. */
  readonly after: number;
  readonly limit: number;
}

/**
 * Reads the log for people (the operator console): one stream, one correlation id across streams and
 * modules, or one position. Through the log's reader connection, committed events only; by an index
 * each (stream and version, correlation id and position, the position itself), never a scan.
 */
@Injectable()
export class EventLogBrowser {
  constructor(@InjectDataSource(LOG_READER) private readonly log: DataSource) {}

  /** The events of one stream; NotFound when it has none. */
  stream(streamId: string, page: LogPageRequest): Promise<LogPage> {
    return this.page('stream_id', streamId, page, () =>
      notFound('STREAM_NOT_FOUND', `No events in stream ${streamId}`),
    );
  }

  /** Every event of one correlation id (a request, and all that it caused) in log order. */
  correlation(correlationId: string, page: LogPageRequest): Promise<LogPage> {
    return this.page('correlation_id', correlationId, page, () =>
      notFound('CORRELATION_NOT_FOUND', `No events with correlation id ${correlationId}`),
    );
  }

  async event(position: number): Promise<LoggedEvent> {
    const row = await this.rows().where('e.position = :position', { position }).getOne();
    if (!row) throw notFound('EVENT_NOT_FOUND', `No event at position ${position}`);
    return toLogged(row);
  }

  private async page(
    column: 'stream_id' | 'correlation_id',
    value: string,
    { after, limit }: LogPageRequest,
    none: () => NotFoundError,
  ): Promise<LogPage> {
    // One more than the page, to know whether another follows.
    const rows = await this.rows()
      .where(`e.${column} = :value AND e.position > :after`, { value, after })
      .orderBy('e.position', 'ASC')
      .limit(limit + 1)
      .getMany();
    if (rows.length === 0) {
      // A page past the end of something that exists is empty; nothing at all is a 404.
      const any = after > 0 && (await this.rows().where(`e.${column} = :value`, { value }).getExists());
      if (!any) throw none();
    }
    const events = rows.slice(0, limit).map(toLogged);
    return { events, next: rows.length > limit ? events[events.length - 1].position : null };
  }

  private rows() {
    return this.log.getRepository(EventRecordEntity).createQueryBuilder('e');
  }
}

const notFound = (code: string, message: string) => new NotFoundError(code, message);

function toLogged(row: EventRecordEntity): LoggedEvent {
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch {
    data = row.data;
  }
  return {
    position: Number(row.position),
    streamId: row.streamId,
    streamType: row.streamType,
    version: row.version,
    type: row.type,
    schemaVersion: row.schemaVersion,
    data,
    metadata: {
      eventId: row.eventId,
      commandId: row.commandId,
      correlationId: row.correlationId,
      causationId: row.causationId,
      occurredAt: row.occurredAt,
      traceparent: row.traceparent,
    },
  };
}
