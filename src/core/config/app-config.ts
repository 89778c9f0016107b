import { resolve } from 'node:path';
import { type NatsConfig, natsConfig } from './nats-config.js';

export type AppRole = 'all' | 'command' | 'query' | 'projector';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Everything the application reads from its environment, with CONTRACT.md's defaults. */
export interface AppConfig {
  readonly port: number;
  readonly role: AppRole;
  /** Folder of the embedded SQLite files. */
  readonly dataDir: string;
  /** postgres://… of the write store; unset: embedded SQLite. */
  readonly databaseUrl?: string;
  /** postgres://… of the read store; unset: databaseUrl, else embedded SQLite. */
  readonly readDatabaseUrl?: string;
  /** PostgreSQL: connections of the write store's pool, the one commands use. */
  readonly databasePoolSize: number;
  readonly adminToken?: string;
  readonly logLevel: LogLevel;
  /** Snapshot an event-sourced stream every N events. */
  readonly snapshotEvery: number;
  /** How many event-sourced aggregates the write side keeps in memory (0: none). */
  readonly aggregateCacheSize: number;
  /** How long a query with ?minPosition= waits for the views, in milliseconds. */
  readonly consistencyTimeoutMs: number;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  /**
   * SQLite `synchronous` of the write store. FULL: an acknowledged command survives a power loss.
   * NORMAL: it survives a process crash (kill -9) but the last commits may be lost on power loss.
   */
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** How often projections look for new events besides being woken by a local commit. */
  readonly projectionPollMs: number;
  /** Origins allowed by CORS (`*`: any); empty: CORS stays off. */
  readonly corsOrigins: readonly string[];
  /** How long a client may take to send a request's headers (slow-header attacks), in ms. */
  readonly httpHeadersTimeoutMs: number;
  /** How long a client may take to send a whole request, body included (slow bodies), in ms. */
  readonly httpRequestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, in ms. */
  readonly httpKeepAliveTimeoutMs: number;
  /**
   * PostgreSQL timeouts, in milliseconds (0: none), so that a database that stops answering, a lock
   * or an abandoned transaction holds nothing for more than seconds. See README "Configuration".
   */
  readonly postgres: PostgresTimeouts;
  /** A processor busy on one read or batch for longer than this makes /health answer 503. */
  readonly processorStallMs: number;
  /** Idempotency-Key records older than this many days are pruned by the command role (0: never). */
  readonly processedCommandsRetentionDays: number;
  /** NATS JetStream for other services; undefined (NATS_URL unset): none of it runs. */
  readonly nats?: NatsConfig;
}

export interface PostgresTimeouts {
  /** Opening a connection (TCP, TLS, authentication): PG_CONNECT_TIMEOUT_MS. */
  readonly connectMs: number;
  /** Server side: a statement running longer is cancelled (SQLSTATE 57014): PG_STATEMENT_TIMEOUT_MS. */
  readonly statementMs: number;
  /** Client side: no answer from the server for this long abandons the connection: PG_QUERY_TIMEOUT_MS. */
  readonly queryMs: number;
  /** Server side: waiting for a lock longer fails the statement (SQLSTATE 55P03): PG_LOCK_TIMEOUT_MS. */
  readonly lockMs: number;
  /** Server side: a transaction left idle this long is ended: PG_IDLE_IN_TRANSACTION_TIMEOUT_MS. */
  readonly idleInTransactionMs: number;
  /** How many times start-up tries each database again before it gives up: DATABASE_CONNECT_RETRIES. */
  readonly connectRetries: number;
}

/**
 * A setting the application cannot start with. main.ts prints its message, one line naming the
 * variable and what it must be, and exits 1: a stack trace would only hide the one thing to fix.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ROLES: readonly AppRole[] = ['all', 'command', 'query', 'projector'];
const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new ConfigError(`${name} must be an integer ${range}, got "${raw}"`);
  }
  return value;
}

/** A PostgreSQL URL, or unset. */
function postgresUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw))
    throw new ConfigError(`${name} must be a postgres://… URL, got "${raw.replace(/:[^:@/]*@/, ':***@')}"`);
  return raw;
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T))
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/**
 * Every role but `all` runs beside other processes on the same stores, which needs PostgreSQL: on
 * embedded SQLite one process owns the files.
 */
function role(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): AppRole {
  const value = oneOf(env, 'APP_ROLE', ROLES, 'all');
  if (value !== 'all' && !databaseUrl) {
    throw new ConfigError(
      `APP_ROLE=${value} needs PostgreSQL: set DATABASE_URL (and READ_DATABASE_URL for the views) ` +
        'to postgres://…; on embedded SQLite only APP_ROLE=all runs.',
    );
  }
  return value;
}

/** Reads the configuration; an invalid value stops the start with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = postgresUrl(env, 'DATABASE_URL');
  return {
    port: integer(env, 'PORT', 3000, 0, 65_535),
    role: role(env, databaseUrl),
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    readDatabaseUrl: postgresUrl(env, 'READ_DATABASE_URL') ?? databaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1),
    adminToken: env.ADMIN_TOKEN || undefined,
    logLevel: oneOf(env, 'LOG_LEVEL', LEVELS, 'info'),
    snapshotEvery: integer(env, 'SNAPSHOT_EVERY', 20, 1),
    aggregateCacheSize: integer(env, 'AGGREGATE_CACHE_SIZE', 10_000, 0),
    consistencyTimeoutMs: integer(env, 'CONSISTENCY_TIMEOUT_MS', 5000, 1),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1),
    sqliteSynchronous: oneOf(env, 'SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    projectionPollMs: integer(env, 'PROJECTION_POLL_MS', 1000, 10),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    postgres: {
      connectMs: integer(env, 'PG_CONNECT_TIMEOUT_MS', 5000),
      statementMs: integer(env, 'PG_STATEMENT_TIMEOUT_MS', 10_000),
      queryMs: integer(env, 'PG_QUERY_TIMEOUT_MS', 15_000),
      lockMs: integer(env, 'PG_LOCK_TIMEOUT_MS', 5000),
      idleInTransactionMs: integer(env, 'PG_IDLE_IN_TRANSACTION_TIMEOUT_MS', 10_000),
      connectRetries: integer(env, 'DATABASE_CONNECT_RETRIES', 2),
    },
    processorStallMs: integer(env, 'PROCESSOR_STALL_MS', 30_000, 1),
    processedCommandsRetentionDays: integer(env, 'PROCESSED_COMMANDS_RETENTION_DAYS', 30, 0, 36_500),
    httpHeadersTimeoutMs: integer(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 1),
    httpRequestTimeoutMs: integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1),
    httpKeepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 1),
    nats: natsConfig(env, (message) => new ConfigError(message)),
  };
}

/** Injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
