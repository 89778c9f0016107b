import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { DomainEvent, RecordedEvent } from '../domain/domain-event.js';
import type { ChangedRows, ViewClass } from './view-cache.js';
import { ViewTable } from './view-table.js';

export type RowChange = 'insert' | 'update' | 'delete';

/** What one event does to one row of a view (see ViewRows in projection.ts). */
export interface RowRule {
  readonly view: new () => ObjectLiteral;
  readonly keyOf: (recorded: RecordedEvent) => string | number;
  readonly change: RowChange;
  readonly next: (
    row: ObjectLiteral | null,
    event: DomainEvent,
    recorded: RecordedEvent,
  ) => ObjectLiteral | null;
}

/**
 * The rows a batch of events touches, kept in memory: read in one statement per view before the
 * rules run, changed by each rule in turn, and written back once (one upsert per view, one delete)
 * instead of one statement per event. Lives for one batch inside the runner's transaction.
 */
export class ViewRowsBatch {
  private readonly tables = new Map<new () => ObjectLiteral, ViewTable>();

  constructor(
    private readonly manager: EntityManager,
    private readonly changed?: ChangedRows,
  ) {}

  /** Reads the rows these rules will touch that are not in memory yet. */
  async load(
    steps: ReadonlyArray<{ readonly rule: RowRule; readonly recorded: RecordedEvent }>,
  ): Promise<void> {
    const keys = new Map<ViewTable, Array<string | number>>();
    for (const { rule, recorded } of steps) {
      const table = this.table(rule.view);
      keys.set(table, [...(keys.get(table) ?? []), rule.keyOf(recorded)]);
    }
    for (const [table, tableKeys] of keys) await table.load(tableKeys);
  }

  /** Applies one rule to its row in memory; throws (failing the event) where the SQL would have. */
  apply(rule: RowRule, recorded: RecordedEvent): void {
    const table = this.table(rule.view);
    const key = rule.keyOf(recorded);
    const slot = table.slot(key);
    if (rule.change === 'insert') {
      if (slot.row) throw new Error(`${table.metadata.tableName} already has a row with key ${String(key)}`);
    } else if (!slot.row) {
      // As an UPDATE or DELETE of a missing row: nothing happens.
      return;
    }
    const row = rule.change === 'delete' ? null : rule.next(slot.row, recorded.event, recorded);
    if (row && String(table.keyOf(row)) !== String(key)) {
      throw new Error(
        `${table.metadata.tableName}: a rule moved row ${String(key)} to key ${String(table.keyOf(row))}`,
      );
    }
    slot.row = row;
    slot.changed = true;
  }

  /** Writes every changed row and forgets them all (a handler with the manager may change them next). */
  async flush(): Promise<void> {
    for (const table of this.tables.values()) {
      // Noted before the write: a write that fails may still have happened (a lost COMMIT).
      for (const slot of table.slots.values()) {
        if (slot.changed) this.changed?.row(table.metadata.target as ViewClass, slot.key);
      }
      await table.flush();
    }
  }

  private table(view: new () => ObjectLiteral): ViewTable {
    let table = this.tables.get(view);
    if (!table) {
      table = new ViewTable(this.manager, this.manager.connection.getMetadata(view));
      this.tables.set(view, table);
    }
    return table;
  }
}
