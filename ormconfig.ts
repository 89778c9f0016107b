/**
 * DataSources for the TypeORM CLI (migration:generate, migration:run, migration:revert). The app
 * itself runs migrations at start-up; this file serves the CLI only. One store at a time:
 * STORE=write (default, the event log and write models) or STORE=read (views and checkpoints),
 * configured by the same environment as the app (DATA_DIR, DATABASE_URL, READ_DATABASE_URL).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/core/database/store-options.js';
import { loadConfig, READ_STORE, WRITE_STORE } from './src/core/index.js';
import { DATABASE_SCHEMAS } from './src/database-schemas.js';

const store = process.env.STORE === 'read' ? READ_STORE : WRITE_STORE;

export default new DataSource({
  ...dataSourceOptions(store, loadConfig(), DATABASE_SCHEMAS),
  migrationsRun: false,
});
