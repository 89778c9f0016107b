import { DomainError } from '../domain/domain-error.js';

/** A rebuild of this projection is already running; a second one would fight over its copy. */
export class RebuildInProgressError extends DomainError {
  readonly category = 'conflict';

  constructor(readonly projection: string) {
    super('REBUILD_IN_PROGRESS', `A rebuild of projection ${projection} is already running`);
  }
}
