import type { QueryRunner, Table } from 'typeorm';
import type { TransactionRunner } from '../database/transaction-runner.js';

/**
 * Prefix of the tables a rebuild fills beside the live ones. The rebuild's own DataSource carries
 * it as TypeORM's `entityPrefix`, so a projection's unchanged handlers write to the copy.
 */
export const SHADOW_PREFIX = 'rebuild__';

const shadowName = (name: string) => `${SHADOW_PREFIX}${name}`;

/** The primary key's constraint name: explicit if the table has one, else the naming strategy's. */
function primaryKeyName(table: Table, queryRunner: QueryRunner): string | undefined {
  const columns = table.primaryColumns;
  if (columns.length === 0) return undefined;
  return (
    columns[0].primaryKeyConstraintName ??
    queryRunner.connection.namingStrategy.primaryKeyName(
      table,
      columns.map((column) => column.name),
    )
  );
}

/**
 * The DDL of a side-by-side rebuild, portable through TypeORM's Table API: copies of the live view
 * tables (same columns, keys and indexes, names prefixed), and the swap that puts a filled copy in
 * place of the live table inside the caller's transaction.
 */
export class ShadowTables {
  constructor(private readonly liveNames: readonly string[]) {}

  /** Creates an empty copy of every live table, first dropping any a crashed rebuild left behind. */
  async create(queryRunner: QueryRunner): Promise<void> {
    await this.drop(queryRunner);
    for (const name of this.liveNames) {
      const live = await queryRunner.getTable(name);
      if (!live) throw new Error(`The view table ${name} does not exist`);
      await queryRunner.createTable(this.copyOf(live, queryRunner), false, true, true);
    }
  }

  async drop(queryRunner: QueryRunner): Promise<void> {
    for (const name of this.liveNames) await queryRunner.dropTable(shadowName(name), true);
  }

  /**
   * Drops each live table and renames its copy into its place; the copy's indexes are recreated under
   * the live names, and on PostgreSQL its index-backed constraints (primary key, uniques, exclusions)
   * are renamed back too, so later migrations and the next rebuild's copy find the names they expect.
   * Run it in one transaction: a reader then sees either the old tables or the new ones, never a mix
   * or a gap.
   */
  async swap(queryRunner: QueryRunner): Promise<void> {
    const escape = (name: string) => queryRunner.connection.driver.escape(name);
    for (const name of this.liveNames) {
      const live = await queryRunner.getTable(name);
      const shadow = await queryRunner.getTable(shadowName(name));
      if (!live || !shadow) throw new Error(`The view table ${name} or its copy is missing`);
      await queryRunner.dropTable(live);
      for (const index of shadow.indices) await queryRunner.dropIndex(shadow, index.name!);
      await queryRunner.query(`ALTER TABLE ${escape(shadow.name)} RENAME TO ${escape(name)}`);
      if (queryRunner.connection.driver.options.type === 'postgres') {
        // PostgreSQL keeps these in the schema's relation namespace beside tables and indexes: left
        // with the copy's names, they would no longer match what the migrations created, and the next
        // rebuild's copy would prefix them again. SQLite has no such namespace (and no RENAME
        // CONSTRAINT): there the copy's names are harmless.
        const constraints = [
          [primaryKeyName(shadow, queryRunner), primaryKeyName(live, queryRunner)],
          ...[...live.uniques, ...live.exclusions].map((item) => [shadowName(item.name!), item.name!]),
        ];
        for (const [from, to] of constraints) {
          if (from && to) {
            await queryRunner.query(
              `ALTER TABLE ${escape(name)} RENAME CONSTRAINT ${escape(from)} TO ${escape(to)}`,
            );
          }
        }
      }
      const renamed = await queryRunner.getTable(name);
      for (const index of live.indices) await queryRunner.createIndex(renamed!, index.clone());
    }
  }

  private copyOf(live: Table, queryRunner: QueryRunner): Table {
    const copy = live.clone();
    copy.name = shadowName(live.name);
    // Index and constraint names are unique per schema (SQLite: per database), so the copy's differ.
    // The primary key's name is the live one prefixed, set explicitly: left to the naming strategy it
    // would be derived from the copy's table name, which swap() could not map back to the live one.
    const livePrimaryKey = primaryKeyName(live, queryRunner);
    if (livePrimaryKey) {
      for (const column of copy.primaryColumns) column.primaryKeyConstraintName = shadowName(livePrimaryKey);
    }
    const rename = <T extends { name?: string }>(items: T[]) =>
      items.forEach((item) => item.name && (item.name = shadowName(item.name)));
    rename(copy.indices);
    rename(copy.uniques);
    rename(copy.checks);
    rename(copy.foreignKeys);
    rename(copy.exclusions);
    return copy;
  }
}

/**
 * Drops the copies (`rebuild__*` tables, and their indexes with them) of a rebuild of `projection`
 * that a crash or kill -9 interrupted. Only where no rebuild of it can run: before this process
 * starts it (SQLite), or right after it takes its lease (PostgreSQL).
 */
export async function dropRebuildLeftovers(
  projection: { readonly views: readonly (new () => object)[] },
  reads: TransactionRunner,
): Promise<void> {
  const liveNames = projection.views.map((view) => reads.dataSource.getMetadata(view).tableName);
  await reads.run(({ manager }) => new ShadowTables(liveNames).drop(manager.queryRunner!));
}
