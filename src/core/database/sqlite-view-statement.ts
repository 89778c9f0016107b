import type { Statement } from 'better-sqlite3';
import type { DataSource, ObjectLiteral, Repository } from 'typeorm';
import { preparedOn } from './raw-sqlite.js';

/** Names of one view's table, from its TypeORM entity, already quoted for SQL. */
export interface ViewNames<View> {
  readonly table: string;
  /** The database column of an entity property. */
  column(property: keyof View & string): string;
  /** Every column of the entity, each selected under its property name. */
  readonly allColumns: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A prepared statement on the raw better-sqlite3 connection of a view, for the hottest reads:
 * TypeORM's query building and result mapping cost several times SQLite's own work there. The SQL is
 * written from the entity's metadata, so the entity stays the schema. Prepared on first use (the
 * view's table exists once the read store has migrated), once per connection. On any other driver (PostgreSQL) `of`
 * answers undefined and the caller reads through TypeORM.
 */
export class SqliteViewStatement<Row> {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly sql: string,
  ) {}

  static of<View extends ObjectLiteral, Row>(
    repository: Repository<View>,
    sql: (view: ViewNames<View>) => string,
  ): SqliteViewStatement<Row> | undefined {
    const dataSource = repository.manager.connection;
    if (dataSource.options.type !== 'better-sqlite3') return undefined;
    const { metadata } = repository;
    const column = (property: string) => {
      const found = metadata.findColumnWithPropertyName(property);
      if (!found) throw new Error(`${metadata.name} has no column ${property}`);
      return quote(found.databaseName);
    };
    const names: ViewNames<View> = {
      table: quote(metadata.tablePath),
      column,
      allColumns: metadata.columns
        .map((each) => `${quote(each.databaseName)} AS ${quote(each.propertyName)}`)
        .join(', '),
    };
    return new SqliteViewStatement<Row>(dataSource, sql(names));
  }

  /** The first row, or undefined. */
  get(...params: unknown[]): Row | undefined {
    return this.statement().get(...params) as Row | undefined;
  }

  all(...params: unknown[]): Row[] {
    return this.statement().all(...params) as Row[];
  }

  private statement(): Statement {
    return preparedOn(this.dataSource, this.sql);
  }
}
