import { DomainError } from './domain-error.js';

/**
 * A store cannot take or serve this request now: its disk is full or read-only, the database is
 * down or does not answer in time. Nothing of the request is durable; the same request may be sent
 * again once the store answers (after `retryAfterSeconds`).
 */
export class StoreUnavailableError extends DomainError {
  readonly category = 'unavailable';

  constructor(
    readonly reason: string,
    readonly retryAfterSeconds = 2,
    options?: { cause?: unknown },
  ) {
    super('STORE_UNAVAILABLE', `The store is unavailable: ${reason}. Nothing was written; retry later`);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
