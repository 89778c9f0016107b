import { DomainEvent } from '../../core/index.js';

/** `count` items left the stock. */
export class ItemsRemovedEvent extends DomainEvent {
  static readonly type = 'ItemsRemoved';
  static readonly schemaVersion = 1;

  constructor(
    readonly itemId: string,
    readonly count: number,
  ) {
    super();
  }
}
