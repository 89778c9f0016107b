import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '../database/dialect.js';
import type { DeadLetter } from '../processors/processor.js';
import { ProcessorStores } from '../processors/processor-stores.js';

/**
 * Where an inbound consumer sets a refused message aside, listed as a dead letter of that consumer
 * (GET /projections/:name/dead-letters). Recording the same message twice (it was delivered again
 * before its termination reached JetStream) keeps one letter.
 */
export abstract class InboundDeadLetters {
  abstract record(letter: DeadLetter): Promise<void>;
}

/** In the write store, with the dead letters of the reactors and forwarders. */
@Injectable()
export class StoredInboundDeadLetters extends InboundDeadLetters {
  constructor(private readonly stores: ProcessorStores) {
    super();
  }

  async record(letter: DeadLetter): Promise<void> {
    const letters = this.stores.writeDeadLetters;
    if (await letters.find(letter.processor, letter.position)) return;
    try {
      await letters.store.run(({ manager }) => letters.record(manager, letter));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
