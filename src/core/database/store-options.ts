import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { LOG_READER, READ_STORE, VIEW_READER, WRITE_STORE } from './data-source-names.js';
import { StallSafeClient } from './postgres-client.js';

// TypeORM takes entity and migration classes as plain constructors.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = Function[];

/** The entities and migrations of one store, gathered from the core and the feature modules. */
export interface StoreSchema {
  readonly entities: ClassList;
  readonly migrations: ClassList;
}

export interface StoreSchemas {
  readonly write: StoreSchema;
  readonly read: StoreSchema;
}

/** The schemas of the core and of each feature module, as one StoreSchemas for CoreModule.forRoot(). */
export function combineSchemas(...parts: readonly StoreSchemas[]): StoreSchemas {
  const store = (key: 'write' | 'read'): StoreSchema => ({
    entities: parts.flatMap((part) => part[key].entities),
    migrations: parts.flatMap((part) => part[key].migrations),
  });
  return { write: store('write'), read: store('read') };
}

/**
 * A host application's say over the options of each named DataSource (WRITE_STORE, LOG_READER,
 * READ_STORE, VIEW_READER): it gets the options the core would use and returns those to use, e.g.
 * its own file paths, PostgreSQL pool or logging. Both connections of a store must reach the same
 * database, and the entities and migrations given should be kept.
 */
export type DataSourceCustomizer = (name: string, defaults: DataSourceOptions) => DataSourceOptions;

type Store = 'write' | 'read';

/** Where a store's embedded SQLite file lives. */
export const sqliteFilePath = (dataDir: string, store: Store) => join(dataDir, `${store}.sqlite`);

function sqliteFile(config: AppConfig, store: Store): string {
  mkdirSync(config.dataDir, { recursive: true });
  // SQLite needs to write beside its files (its WAL and shared-memory files): a read-only folder or
  // filesystem is refused here, by name, rather than as "unable to open database file" later.
  try {
    accessSync(config.dataDir, constants.W_OK);
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new Error(
      `DATA_DIR ${config.dataDir} is not writable (${code}): the embedded SQLite stores write there`,
      {
        cause: error,
      },
    );
  }
  return sqliteFilePath(config.dataDir, store);
}

/**
 * Whether this process migrates the store: the roles that write it do. A query process writes
 * neither, so its READ_DATABASE_URL may point at a read-only replica.
 */
function migratedBy({ role }: AppConfig, store: Store): boolean {
  if (role === 'all') return true;
  if (store === 'write') return role === 'command' || role === 'projector';
  return role === 'projector';
}

/**
 * TypeORM options of one named DataSource. SQLite runs in WAL mode, so readers on their own
 * connection never block the writer; the write store's `synchronous` decides what an acknowledged
 * command survives (FULL: power loss; NORMAL: process crash). The schema comes from migrations only,
 * run at start-up by the connection that writes the store.
 */
export function dataSourceOptions(name: string, config: AppConfig, schemas: StoreSchemas): DataSourceOptions {
  const store: Store = name === WRITE_STORE || name === LOG_READER ? 'write' : 'read';
  const writer = name === WRITE_STORE || name === READ_STORE;
  const schema = schemas[store];
  const url = store === 'write' ? config.databaseUrl : config.readDatabaseUrl;
  // Embedded SQLite files belong to the one process that opens them: it migrates them, whatever its role.
  const migrates = writer && (url === undefined || migratedBy(config, store));
  const common = {
    name,
    entities: schema.entities,
    migrations: migrates ? schema.migrations : [],
    migrationsRun: migrates,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
  };
  if (url) {
    return {
      ...common,
      type: 'postgres',
      url,
      poolSize: name === WRITE_STORE || name === VIEW_READER ? config.databasePoolSize : writer ? 10 : 5,
      applicationName: `cqrs-${config.role}-${name}`,
      // Both stores may share one database (READ_DATABASE_URL defaults to DATABASE_URL): each keeps
      // its own list of applied migrations.
      migrationsTableName: store === 'write' ? 'migrations' : 'read_migrations',
      // Nothing may wait on PostgreSQL for long: not a connection (connect), a slow statement or a
      // lock (server side, answered as errors), an abandoned transaction (the server ends it), nor a
      // server or network that stops answering without closing (client side: the connection is
      // dropped, see StallSafeClient). Keep-alive finds a peer that vanished while idle.
      connectTimeoutMS: config.postgres.connectMs,
      extra: {
        Client: StallSafeClient,
        keepAlive: true,
        statement_timeout: config.postgres.statementMs || undefined,
        lock_timeout: config.postgres.lockMs || undefined,
        idle_in_transaction_session_timeout: config.postgres.idleInTransactionMs || undefined,
        query_timeout: config.postgres.queryMs || undefined,
      },
    };
  }
  const synchronous = store === 'write' ? config.sqliteSynchronous : 'NORMAL';
  return {
    ...common,
    type: 'better-sqlite3',
    database: sqliteFile(config, store),
    prepareDatabase: (db: { pragma(statement: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${synchronous}`);
    },
  };
}

export { LOG_READER, READ_STORE, VIEW_READER, WRITE_STORE };
