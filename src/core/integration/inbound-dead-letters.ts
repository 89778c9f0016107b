import type { DeadLetter } from '../processors/processor.js';

/**
 * Where an inbound consumer sets a refused message aside, listed as a dead letter of that consumer
 * (GET /projections/:name/dead-letters). Recording the same message twice (it was delivered again
 * before its termination reached JetStream) keeps one letter.
 */
export abstract class InboundDeadLetters {
  abstract record(letter: DeadLetter): Promise<void>;
}
