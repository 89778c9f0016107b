import { DomainEvent } from '../../core/index.js';

/** The most the item may hold in stock changed. */
export class MaxQtyChangedEvent extends DomainEvent {
  static readonly type = 'MaxQtyChanged';
  static readonly schemaVersion = 1;

  constructor(
    readonly itemId: string,
    readonly maxQty: number,
  ) {
    super();
  }
}
