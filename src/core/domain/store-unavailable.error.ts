import { DomainError } from './domain-error.js';

/**
 * A store cannot take or serve this request now: its disk is full or read-only, the database is
 * down or does not answer in time. Nothing of the request is durable, and the same request may be
 * sent again once the store answers (after `retryAfterSeconds`); unless `outcomeUnknown`: the
 * connection was lost while the commit was on its way, and the server may have committed it before
 * (PostgreSQL). Then only a read, or the same request with the same Idempotency-Key, can tell.
 */
export class StoreUnavailableError extends DomainError {
  readonly category = 'unavailable';
  readonly outcomeUnknown: boolean;

  constructor(
    readonly reason: string,
    readonly retryAfterSeconds = 2,
    options?: { cause?: unknown; outcomeUnknown?: boolean },
  ) {
    super(
      'STORE_UNAVAILABLE',
      options?.outcomeUnknown
        ? `The store is unavailable: ${reason}. Its answer to the commit was lost, so the request may ` +
            'have been applied: read it back, or send it again with the same Idempotency-Key, once the store answers'
        : `The store is unavailable: ${reason}. Nothing was written; retry later`,
    );
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
