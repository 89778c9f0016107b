import { Query } from '@nestjs/cqrs';

export interface InventoryItemHistoryEntry {
  readonly version: number;
  /** Decimal string, like every position. */
  readonly position: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: string;
  readonly metadata: {
    readonly eventId: string;
    readonly commandId: string;
    readonly correlationId: string;
    readonly causationId: string;
    /** W3C trace context of the span that appended the event; null when tracing was off. */
    readonly traceparent: string | null;
  };
}

export interface InventoryItemHistory {
  readonly id: string;
  readonly events: InventoryItemHistoryEntry[];
}

/** Every event of one item, oldest first. */
export class GetInventoryItemHistoryQuery extends Query<InventoryItemHistory> {
  constructor(readonly itemId: string) {
    super();
  }
}
