import { StoreUnavailableError } from '../domain/store-unavailable.error.js';

/**
 * SQLite result codes (and their extended forms, e.g. SQLITE_IOERR_WRITE) that say the storage
 * cannot take the work now, not that the statement is wrong: a full disk, a read-only file or
 * folder, an I/O error, a file it cannot open, a lock it cannot get, no memory.
 */
const SQLITE_STORAGE = [
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_NOMEM',
];

/**
 * PostgreSQL SQLSTATEs of the same kind: connection exceptions (08), insufficient resources (53:
 * disk full, too many connections), operator intervention (57: shutdown, cannot connect now, a
 * statement cancelled by statement_timeout), lock_timeout (55P03), a read-only transaction (25006),
 * the idle-in-transaction timeout (25P03), system errors (58: I/O).
 */
const POSTGRES_STORAGE = [/^08/, /^53/, /^57/, /^58/, /^55P03$/, /^25006$/, /^25P03$/];

/** Socket-level errors of a driver that lost, or never got, its connection. */
const SOCKET_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
];

/** What `pg` and its pool throw, without a code, when a connection is lost or never answers. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /^Query read timeout/,
  /timeout exceeded when trying to connect/,
  /not queryable/,
  /^Client was closed/,
  /Connection terminated due to connection timeout/,
];

/** The error and the driver errors it wraps (TypeORM's QueryFailedError.driverError, `cause`). */
function chain(error: unknown): unknown[] {
  const seen: unknown[] = [];
  for (let current = error; current && typeof current === 'object' && !seen.includes(current);) {
    seen.push(current);
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return seen;
}

/** A short reason for the log and the answer, if `error` says that a store is unavailable. */
export function storageFault(error: unknown): string | undefined {
  for (const link of chain(error)) {
    const { code, message } = link as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : '';
    if (typeof code === 'string') {
      if (SQLITE_STORAGE.some((prefix) => code === prefix || code.startsWith(`${prefix}_`)))
        return `${code}${text ? ` (${text})` : ''}`;
      if (/^[0-9A-Z]{5}$/.test(code) && POSTGRES_STORAGE.some((pattern) => pattern.test(code)))
        return `PostgreSQL ${code}${text ? ` (${text})` : ''}`;
      if (SOCKET_CODES.includes(code)) return `${code} from the database`;
    }
    if (PG_MESSAGES.some((pattern) => pattern.test(text))) return text;
  }
  return undefined;
}

/**
 * `error` as a StoreUnavailableError when it is a storage fault (or one already), else undefined.
 * `commitUnconfirmed`: the fault ended a transaction whose COMMIT had been sent and not confirmed.
 */
export function asStoreUnavailable(
  error: unknown,
  { commitUnconfirmed = false }: { commitUnconfirmed?: boolean } = {},
): StoreUnavailableError | undefined {
  if (error instanceof StoreUnavailableError) return error;
  const reason = storageFault(error);
  if (reason === undefined) return undefined;
  // The server's own error answer to a statement ends its transaction without a commit.
  const outcomeUnknown = commitUnconfirmed && !answeredByServer(error);
  return new StoreUnavailableError(reason, undefined, { cause: error, outcomeUnknown });
}

/**
 * Whether the server answered with an error (pg's DatabaseError: a SQLSTATE and a severity), as
 * opposed to a socket's error (ECONNRESET, EPIPE: a code, no severity) or a timeout, after which
 * whatever was sent may or may not have run.
 */
export function answeredByServer(error: unknown): boolean {
  return chain(error).some((link) => {
    const { code, severity } = link as { code?: unknown; severity?: unknown };
    return typeof severity === 'string' && /^[0-9A-Z]{5}$/.test(String(code));
  });
}
