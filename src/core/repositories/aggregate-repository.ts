import type { CommandResult } from '../domain/command-result.js';

/**
 * What a command handler needs from persistence, whatever the aggregate's kind: create it, or load
 * it, let it decide, and save what it decided with the version the client saw. Event-sourced and
 * state-stored aggregates each have an implementation; both append to the same log.
 */
export interface AggregateRepository<Type, Aggregate> {
  /**
   * Saves a new aggregate under `id`. A repeat with the same content answers the first result and
   * writes nothing; an `id` taken with different content is an AlreadyExistsError.
   */
  create(type: Type, id: string, factory: () => Aggregate): Promise<CommandResult>;

  /**
   * Loads the aggregate, runs `decide` on it and appends what it recorded. With `expectedVersion` a
   * mismatch is a VersionConflictError; without one a lost race is retried a bounded number of times.
   */
  update(
    type: Type,
    id: string,
    expectedVersion: number | undefined,
    decide: (aggregate: Aggregate) => void,
  ): Promise<CommandResult>;
}

/** How often a command without an expected version is retried after losing a race. */
export const MAX_CONFLICT_RETRIES = 5;
