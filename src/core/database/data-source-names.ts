/**
 * The named TypeORM DataSources. Two stores, each reached through two connections: on SQLite one
 * connection cannot isolate a reader from a writer's open transaction, so readers get their own and
 * see committed rows only.
 */
/** Write store, written by command handlers (event log, snapshots, write models). */
export const WRITE_STORE = 'write';
/** Write store, read by consumers of the log (projections, relay, history). */
export const LOG_READER = 'log';
/** Read store, written by projections (views and checkpoints). */
export const READ_STORE = 'read';
/** Read store, read by query handlers. */
export const VIEW_READER = 'views';
