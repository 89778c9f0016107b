import type { Client } from 'pg';
import type { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';
import { defer, lazilyBegun } from '../database/postgres-lazy-begin.js';
import { connectionOf, rawPostgresStatements, sqlLiteral } from '../database/raw-postgres.js';

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

/** How a statement carries its values: as parameters, or (PostgreSQL's simple query protocol) as literals. */
interface Binding {
  /** The SQL that stands for `value` in the statement. */
  readonly bind: (value: unknown) => string;
  readonly parameters: unknown[];
}

/**
 * The touched rows of one view, and the portable SQL that reads and writes them. In a lazily begun
 * PostgreSQL transaction (a projector's batch) the SQL carries its values as literals, so that the
 * rows' read goes in one round trip with the BEGIN and the checkpoint's move, and the writes with
 * the COMMIT (postgres-lazy-begin.ts): a batch is two round trips.
 */
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
      const raws = await this.send(
        ({ bind }) =>
          `SELECT ${this.columns.map((column) => this.escape(column.databaseName)).join(', ')} FROM ${this.table} WHERE ${this.escape(this.key.databaseName)} IN (${chunk.map(bind).join(', ')})`,
      );
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
      await this.write(({ bind }) => {
        const values = chunk.map((row) => {
          const placeholders = this.columns.map((column) => {
            const value = this.manager.connection.driver.preparePersistentValue(
              column.getEntityValue(row),
              column,
            );
            return bind(value === undefined ? null : value);
          });
          return `(${placeholders.join(', ')})`;
        });
        return `INSERT INTO ${this.table} (${names.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (${this.escape(this.key.databaseName)}) ${onConflict}`;
      });
    }
    for (const chunk of chunks(deletes, MAX_PARAMETERS)) {
      await this.write(
        ({ bind }) =>
          `DELETE FROM ${this.table} WHERE ${this.escape(this.key.databaseName)} IN (${chunk.map(bind).join(', ')})`,
      );
    }
  }

  /** Runs a read: with the statements waiting in front of it, in a lazily begun transaction. */
  private async send(sql: (binding: Binding) => string): Promise<Record<string, unknown>[]> {
    if (lazilyBegun(this.manager)) {
      const [{ rows }] = await rawPostgresStatements(this.manager, (client) => sql(this.literals(client)));
      return rows;
    }
    const binding = this.placeholders();
    const text = sql(binding);
    return (await this.manager.query(text, binding.parameters)) as Record<string, unknown>[];
  }

  /** Runs a write: deferred to the transaction's next statement or its COMMIT, in a lazily begun one. */
  private async write(sql: (binding: Binding) => string): Promise<void> {
    if (lazilyBegun(this.manager)) return defer(this.manager, sql(this.literals(connectionOf(this.manager))));
    const binding = this.placeholders();
    const text = sql(binding);
    await this.manager.query(text, binding.parameters);
  }

  private placeholders(): Binding {
    const parameters: unknown[] = [];
    const bind = (value: unknown) => {
      parameters.push(value);
      return this.manager.connection.driver.createParameter(
        `p${parameters.length - 1}`,
        parameters.length - 1,
      );
    };
    return { bind, parameters };
  }

  private literals(client: Client): Binding {
    return { bind: (value) => sqlLiteral(client, value), parameters: [] };
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
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
