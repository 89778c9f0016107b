/**
 * Errors the domain and the core throw. They name the broken rule with a stable `code` and know
 * nothing of HTTP: core/http/domain-error.filter.ts maps each category to a status.
 */
export type DomainErrorCategory =
  | 'not-found'
  | 'rule-violation'
  | 'conflict'
  | 'idempotency-mismatch'
  | 'in-flight'
  | 'unavailable'
  | 'invalid';

export abstract class DomainError extends Error {
  abstract readonly category: DomainErrorCategory;

  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing the command or query names does not exist. */
export class NotFoundError extends DomainError {
  readonly category = 'not-found';
}

/** A business rule refuses the command; the message says which. */
export class RuleViolationError extends DomainError {
  readonly category = 'rule-violation';
}

/** Input the domain cannot accept at all (the HTTP edge normally catches it first). */
export class InvalidInputError extends DomainError {
  readonly category = 'invalid';
}

/** The client's expected version is not the stream's version. */
export class VersionConflictError extends DomainError {
  readonly category = 'conflict';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      'VERSION_CONFLICT',
      `Expected version ${expectedVersion} of ${streamId} but it is at version ${actualVersion}`,
      { expectedVersion, actualVersion },
    );
  }
}

/** A create names an id that exists already with different content. */
export class AlreadyExistsError extends DomainError {
  readonly category = 'conflict';

  constructor(readonly streamId: string) {
    super('ALREADY_EXISTS', `${streamId} exists already with different content`);
  }
}

/** An idempotency key (or deterministic command id) was reused for a different request. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly category = 'idempotency-mismatch';

  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used before with a different request');
  }
}

/** The first request with this idempotency key is still being processed. */
export class RequestInFlightError extends DomainError {
  readonly category = 'in-flight';

  constructor() {
    super('REQUEST_IN_FLIGHT', 'A request with this Idempotency-Key is still in flight');
  }
}

/** The read views did not reach the requested position in time. */
export class ConsistencyTimeoutError extends DomainError {
  readonly category = 'unavailable';

  constructor(
    readonly minPosition: number,
    readonly retryAfterSeconds: number,
  ) {
    super('READ_MODEL_BEHIND', `The read views have not reached position ${minPosition} yet`);
  }
}
