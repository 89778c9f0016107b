import { DomainEvent } from '../../core/index.js';

/** `count` items arrived in stock. */
export class ItemsCheckedInEvent extends DomainEvent {
  static readonly type = 'ItemsCheckedIn';
  static readonly schemaVersion = 1;

  constructor(
    readonly itemId: string,
    readonly count: number,
  ) {
    super();
  }
}
