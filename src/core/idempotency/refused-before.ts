import { DomainError, type DomainErrorCategory } from '../domain/domain-error.js';

/**
 * A refusal as the domain gave it, kept to answer a repeat of the same command id: the fields of a
 * DomainError, no status and no body (core/http maps it like any other domain error).
 */
export interface RecordedRefusal {
  readonly category: DomainErrorCategory;
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/**
 * What is the command's own answer, to be recorded: a domain error, but not one about the store
 * (unavailable: the command may pass on a retry) nor about the key (reused, in flight: they say
 * nothing of the command), nor a refusal recorded already.
 */
export function refusalToRecord(error: unknown): RecordedRefusal | undefined {
  if (!(error instanceof DomainError) || error instanceof RefusedBefore) return undefined;
  if (['unavailable', 'in-flight', 'idempotency-mismatch'].includes(error.category)) return undefined;
  const { category, code, message, details } = error;
  return { category, code, message, details };
}

/**
 * A command id that was refused before, met again: the refusal is the answer, replayed as the domain
 * error it was (to a client, through the one HTTP filter: the same status and body; to a saga: the
 * same code and message).
 */
export class RefusedBefore extends DomainError {
  readonly category: DomainErrorCategory;

  constructor(readonly refusal: RecordedRefusal) {
    super(refusal.code, refusal.message, refusal.details);
    this.category = refusal.category;
  }
}
