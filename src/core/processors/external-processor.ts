import type { ProcessorKind, ProcessorStatus } from './processor.js';

/**
 * A consumer that is not fed by the log (an inbound message consumer, say), shown in GET
 * /projections beside the log's processors. A feature module declares one as a Nest provider that
 * extends this class; the core lists it with the state it reports and counts its dead letters
 * (recorded through DeadLetters.record with the write store). Skip and retry do not apply to it:
 * they answer 409.
 */
export abstract class ExternalProcessor {
  abstract readonly name: string;
  abstract readonly kind: ProcessorKind;

  /**
   * Its state now: `position` in its own source (0 if it has none), and that source's head if it
   * knows it (GET /projections then reports `headPosition` and `lag` against it, not the log's).
   */
  abstract state(): {
    readonly position: number;
    readonly headPosition?: number;
    readonly status: ProcessorStatus;
    readonly lastError: string | null;
  };
}
