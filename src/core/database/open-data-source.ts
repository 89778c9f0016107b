import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * Opens a DataSource and, if it is the one that migrates its store, runs the pending migrations.
 * TypeORM takes no lock around them, so on PostgreSQL, where several processes may start together
 * on one database, they run under a session advisory lock: the first process migrates, the others
 * wait and then find nothing pending. (`migrationsRun` in the options says whether to migrate; we
 * run them here rather than let TypeORM do it during `initialize`.)
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  await dataSource.initialize();
  if (!options.migrationsRun) return dataSource;
  if (options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  }
  const session = dataSource.createQueryRunner();
  await session.connect();
  const key = `hashtext(current_schema() || '.migrations')`;
  try {
    await session.query(`SELECT pg_advisory_lock(${key})`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await session.query(`SELECT pg_advisory_unlock(${key})`).catch(() => undefined);
    await session.release();
  }
  return dataSource;
}
