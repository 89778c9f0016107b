import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * The dialect seam of our migrations: the one column type that differs. SQLite's auto-increment
 * must be exactly `INTEGER PRIMARY KEY`; PostgreSQL gets a 64-bit identity. Everything else in the
 * migrations goes through TypeORM's portable Table API.
 */
export function autoIncrementBigint(queryRunner: QueryRunner, name: string): TableColumnOptions {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  return {
    name,
    type: postgres ? 'bigint' : 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  };
}

export function bigintColumn(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
  return { name, type: 'bigint', ...options };
}
