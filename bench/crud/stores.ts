import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { join } from 'node:path';
import { Item } from './item.entity.js';

/** The DataSource reads go through: the same one on PostgreSQL, a second connection on SQLite. */
export const READER = 'READER';

/**
 * PostgreSQL with DATABASE_URL (pool of DATABASE_POOL_SIZE, TypeORM's default 10 when unset), else
 * SQLite in DATA_DIR in WAL mode with SQLITE_SYNCHRONOUS (FULL by default, as the application).
 */
export function storeOptions(env: NodeJS.ProcessEnv, name?: string): TypeOrmModuleOptions {
  const common = { name, entities: [Item], synchronize: name === undefined, logging: false };
  if (env.DATABASE_URL) {
    const poolSize = env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined;
    return { ...common, type: 'postgres', url: env.DATABASE_URL, poolSize };
  }
  const synchronous = env.SQLITE_SYNCHRONOUS ?? 'FULL';
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(env.DATA_DIR ?? '.', 'crud.sqlite'),
    prepareDatabase: (db: { pragma(statement: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
    },
  };
}
