import type { Pool } from 'pg';
import type { DataSource, EntityMetadata, ObjectLiteral, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { preparedOn } from './raw-sqlite.js';

/** Names of one view's table, from its TypeORM entity, already quoted for SQL. */
export interface ViewNames<View> {
  readonly table: string;
  /** The database column of an entity property. */
  column(property: keyof View & string): string;
  /** Every column of the entity, each selected under its property name. */
  readonly allColumns: string;
  /** The placeholder of the statement's n-th parameter (from 1): `?` on SQLite, `$n` on PostgreSQL. */
  param(n: number): string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The quoted names of an entity's table (a view's, or any other written by hand). */
export function namesOf<View>(metadata: EntityMetadata, postgres: boolean): ViewNames<View> {
  return {
    table: metadata.schema
      ? `${quote(metadata.schema)}.${quote(metadata.tableName)}`
      : quote(metadata.tableName),
    column: (property) => {
      const found = metadata.findColumnWithPropertyName(property);
      if (!found) throw new Error(`${metadata.name} has no column ${property}`);
      return quote(found.databaseName);
    },
    allColumns: metadata.columns
      .map((each) => `${quote(each.databaseName)} AS ${quote(each.propertyName)}`)
      .join(', '),
    param: (n) => (postgres ? `$${n}` : '?'),
  };
}

/** Statement names on PostgreSQL, one per SQL text: a name is bound to its text on each connection. */
const statementNames = new Map<string, string>();
const statementName = (sql: string): string => {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `cqrs_named_${statementNames.size + 1}`));
  return name;
};

/**
 * A statement of the hottest reads of a view, without TypeORM's query building and result mapping,
 * which cost several times the database's own work there (profiled: issues 6 and 13). The SQL is
 * written from the entity's metadata, so the entity stays the schema.
 *
 * - SQLite: prepared once per connection on the raw better-sqlite3 connection. It runs when called,
 *   synchronously (the promise answered is already settled), so reads called back to back see the
 *   same view: the one process that writes the file runs no JS in between.
 * - PostgreSQL: a named statement on the view's pool, parsed once per connection, then only bound
 *   and executed.
 *
 * A value selected under the name of one of the entity's properties comes back as TypeORM would hydrate
 * it (the driver's own conversion and the column's transformer: a boolean from SQLite's 0/1, a JSON
 * column parsed, a bigint as a number); any other value as the database gives it (a COUNT is a string
 * on PostgreSQL).
 */
export class ViewStatement<Row> {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly sql: string,
    private readonly columns: ReadonlyMap<string, ColumnMetadata>,
  ) {}

  static of<View extends ObjectLiteral, Row>(
    repository: Repository<View>,
    sql: (view: ViewNames<View>) => string,
  ): ViewStatement<Row> {
    const dataSource = repository.manager.connection;
    const { metadata } = repository;
    const names = namesOf<View>(metadata, dataSource.options.type === 'postgres');
    const columns = new Map(metadata.columns.map((each) => [each.propertyName, each]));
    return new ViewStatement<Row>(dataSource, sql(names), columns);
  }

  /** The first row, or undefined. */
  async get(...params: unknown[]): Promise<Row | undefined> {
    return (await this.all(...params))[0];
  }

  all(...params: unknown[]): Promise<Row[]> {
    if (this.dataSource.options.type === 'better-sqlite3') {
      try {
        return Promise.resolve(this.hydrate(preparedOn(this.dataSource, this.sql).all(...params)));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return namedQuery(this.dataSource, this.sql, params).then((rows) => this.hydrate(rows));
  }

  private hydrate(rows: unknown[]): Row[] {
    const { driver } = this.dataSource;
    for (const row of rows as Record<string, unknown>[]) {
      for (const key in row) {
        const column = this.columns.get(key);
        if (column) row[key] = driver.prepareHydratedValue(row[key], column);
      }
    }
    return rows as Row[];
  }
}

/**
 * PostgreSQL: `sql` as a named statement on the data source's pool, outside any transaction: parsed
 * and planned once per connection, then only bound and executed (a head statement planned anew each
 * time: 319 µs a round trip against 167 µs named, measured idle).
 */
export async function namedQuery<R = Record<string, unknown>>(
  dataSource: DataSource,
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('namedQuery: the data source is not connected');
  const { rows } = await pool.query({ name: statementName(sql), text: sql, values });
  return rows as R[];
}
