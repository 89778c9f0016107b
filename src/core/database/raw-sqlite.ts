import type { Database, Statement } from 'better-sqlite3';
import type { DataSource } from 'typeorm';

const statements = new WeakMap<Database, Map<string, Statement>>();

/**
 * The raw better-sqlite3 connection under a DataSource, or undefined on another driver. TypeORM
 * shares this one connection for everything on the DataSource, so a statement run on it takes part
 * in whatever transaction TypeORM has open there.
 */
export function rawSqlite(dataSource: DataSource): Database | undefined {
  if (dataSource.options.type !== 'better-sqlite3') return undefined;
  return (dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
}

/**
 * A statement prepared once per connection, for the hot paths where TypeORM's query building and
 * result mapping cost several times what SQLite spends on the query itself (profiled: issue 6).
 */
export function preparedOn(dataSource: DataSource, sql: string): Statement {
  const database = rawSqlite(dataSource);
  if (!database) throw new Error(`${dataSource.options.type} is not better-sqlite3`);
  let cache = statements.get(database);
  if (!cache) statements.set(database, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = database.prepare(sql)));
  return statement;
}
