import { DomainError, NotFoundError } from '../domain/domain-error.js';

/** No processor of that name (GET /projections lists them). */
export class ProcessorNotFoundError extends NotFoundError {
  constructor(name: string) {
    super('PROJECTION_NOT_FOUND', `No processor named ${name}`);
  }
}

/** A skip names a position the processor is not failed at (or it is not failed at all). */
export class NotFailedThereError extends DomainError {
  readonly category = 'conflict';

  constructor(name: string, position: number, failedPosition: number | null) {
    super(
      'PROCESSOR_NOT_FAILED_THERE',
      failedPosition === null
        ? `${name} is not failed: there is nothing to skip`
        : `${name} is failed at position ${failedPosition}, not ${position}`,
      { failedPosition: failedPosition === null ? null : String(failedPosition) },
    );
  }
}

/** Skip and retry are for processors that read the log, not for an inbound consumer. */
export class NotALogProcessorError extends DomainError {
  readonly category = 'conflict';

  constructor(name: string) {
    super('NOT_A_LOG_PROCESSOR', `${name} does not read the log: it has nothing to skip or retry`);
  }
}

/** A view is rebuilt from the log, not patched with one event out of order. */
export class ProjectionsAreRebuiltError extends DomainError {
  readonly category = 'conflict';

  constructor(name: string) {
    super(
      'PROJECTIONS_ARE_REBUILT',
      `${name} is a projection: its dead letters are not retried one by one; fix the projection and rebuild it`,
    );
  }
}

export class DeadLetterNotFoundError extends NotFoundError {
  constructor(name: string, position: number) {
    super('DEAD_LETTER_NOT_FOUND', `${name} has no dead letter at position ${position}`);
  }
}

/** The event failed again: it stays a dead letter, with this new error. */
export class DeadLetterRetryFailedError extends DomainError {
  readonly category = 'rule-violation';

  constructor(error: string) {
    super('DEAD_LETTER_RETRY_FAILED', error);
  }
}
