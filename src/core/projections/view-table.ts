import type { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];

interface Slot {
  readonly key: string | number;
  /** Whether the row is in the table as of the last write. */
  readonly stored: boolean;
  row: ObjectLiteral | null;
  changed: boolean;
}

/**
 * Bind parameters per statement, well under SQLite's limit (32,766) and PostgreSQL's (65,535), so
 * a batch of rows goes out in one or a few statements.
 */
const MAX_PARAMETERS = 8_000;

/** The touched rows of one view, and the portable SQL that reads and writes them. */
export class ViewTable {
  readonly slots = new Map<string, Slot>();
  private readonly key: ColumnMetadata;
  private readonly columns: ColumnMetadata[];
  private readonly table: string;

  constructor(
    private readonly manager: EntityManager,
    readonly metadata: EntityMetadata,
  ) {
    if (metadata.primaryColumns.length !== 1) {
      throw new Error(`View ${metadata.name} needs a single-column primary key to be kept by rows()`);
    }
    this.key = metadata.primaryColumns[0];
    this.columns = metadata.columns.filter((column) => !column.isVirtual);
    // Through the metadata, so a rebuild's prefixed DataSource reads and writes the copy.
    this.table = metadata.tablePath
      .split('.')
      .map((part) => this.escape(part))
      .join('.');
  }

  async load(keys: ReadonlyArray<string | number>): Promise<void> {
    const missing = new Map<string, string | number>();
    for (const key of keys) if (!this.slots.has(String(key))) missing.set(String(key), key);
    if (missing.size === 0) return;
    for (const key of missing.keys())
      this.slots.set(key, { key: missing.get(key)!, stored: false, row: null, changed: false });
    for (const chunk of chunks([...missing.values()], MAX_PARAMETERS)) {
      const raws = (await this.manager.query(
        `SELECT ${this.columns.map((column) => this.escape(column.databaseName)).join(', ')} FROM ${this.table} WHERE ${this.escape(this.key.databaseName)} IN (${chunk.map((_, index) => this.parameter(index)).join(', ')})`,
        chunk,
      )) as Record<string, unknown>[];
      for (const raw of raws) {
        const row = this.hydrate(raw);
        const key = String(this.key.getEntityValue(row));
        this.slots.set(key, { key: missing.get(key) ?? key, stored: true, row, changed: false });
      }
    }
  }

  slot(key: string | number): Slot {
    const slot = this.slots.get(String(key));
    if (!slot) throw new Error(`Row ${String(key)} of ${this.metadata.name} was not read before its change`);
    return slot;
  }

  keyOf(row: ObjectLiteral): unknown {
    return this.key.getEntityValue(row);
  }

  /** Writes the changed rows: one upsert for those that exist now, one delete for those gone. */
  async flush(): Promise<void> {
    const upserts: ObjectLiteral[] = [];
    const deletes: Array<string | number> = [];
    for (const slot of this.slots.values()) {
      if (!slot.changed) continue;
      if (slot.row) upserts.push(slot.row);
      else if (slot.stored) deletes.push(slot.key);
    }
    this.slots.clear();
    const names = this.columns.map((column) => this.escape(column.databaseName));
    const others = this.columns.filter((column) => column !== this.key);
    const onConflict =
      others.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${others.map((column) => `${this.escape(column.databaseName)} = EXCLUDED.${this.escape(column.databaseName)}`).join(', ')}`;
    for (const chunk of chunks(upserts, Math.floor(MAX_PARAMETERS / this.columns.length))) {
      const parameters: unknown[] = [];
      const values = chunk.map((row) => {
        const placeholders = this.columns.map((column) => {
          const value = this.manager.connection.driver.preparePersistentValue(
            column.getEntityValue(row),
            column,
          );
          parameters.push(value === undefined ? null : value);
          return this.parameter(parameters.length - 1);
        });
        return `(${placeholders.join(', ')})`;
      });
      await this.manager.query(
        `INSERT INTO ${this.table} (${names.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (${this.escape(this.key.databaseName)}) ${onConflict}`,
        parameters,
      );
    }
    for (const chunk of chunks(deletes, MAX_PARAMETERS)) {
      await this.manager.query(
        `DELETE FROM ${this.table} WHERE ${this.escape(this.key.databaseName)} IN (${chunk.map((_, index) => this.parameter(index)).join(', ')})`,
        chunk,
      );
    }
  }

  private hydrate(raw: Record<string, unknown>): ObjectLiteral {
    const row: ObjectLiteral = {};
    for (const column of this.columns) {
      column.setEntityValue(
        row,
        this.manager.connection.driver.prepareHydratedValue(raw[column.databaseName], column),
      );
    }
    return row;
  }

  private escape(name: string): string {
    return this.manager.connection.driver.escape(name);
  }

  private parameter(index: number): string {
    return this.manager.connection.driver.createParameter(`p${index}`, index);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
