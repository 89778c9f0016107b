import { QueryFailedError } from 'typeorm';

/** True when a write failed on a unique or primary-key constraint, on either database we support. */
export function isUniqueViolation(error: unknown): boolean {
  // Through TypeORM the driver's error is wrapped; a statement on the raw driver throws it as is.
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const code = (driverError as { code?: unknown } | null | undefined)?.code ?? '';
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
