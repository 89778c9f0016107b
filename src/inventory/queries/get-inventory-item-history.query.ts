import { Query } from '@nestjs/cqrs';

export interface InventoryItemHistoryEntry {
  readonly version: number;
  /** Decimal string, like every position. */
  readonly position: string;
  readonly type: string;
  /** The payload in the event's current schema; null when the event cannot be read back. */
  readonly data: Record<string, unknown> | null;
  readonly occurredAt: string;
  readonly metadata: {
    readonly eventId: string;
    readonly commandId: string;
    readonly correlationId: string;
    readonly causationId: string;
    /** W3C trace context of the span that appended the event; null when tracing was off. */
    readonly traceparent: string | null;
  };
  /**
   * Present only on an event that cannot be read back (a schema version no upcaster knows, a type no
   * module registers): its stored schema version and payload, and why. The history still answers.
   */
  readonly unreadable?: {
    readonly schemaVersion: number;
    readonly rawData: string;
    readonly reason: string;
  };
}

export interface InventoryItemHistory {
  readonly id: string;
  readonly events: InventoryItemHistoryEntry[];
  /** The `after` of the next page, or null when this page ends the stream. */
  readonly next: number | null;
}

/** Events per page of a history: a stream may hold any number, an answer may not. */
export const HISTORY_PAGE = { default: 100, max: 1000 } as const;

/** One page of the events of one item, oldest first: those after version `after`, at most `limit`. */
export class GetInventoryItemHistoryQuery extends Query<InventoryItemHistory> {
  constructor(
    readonly itemId: string,
    readonly after = 0,
    readonly limit: number = HISTORY_PAGE.default,
  ) {
    super();
  }
}
