import { Query } from '@nestjs/cqrs';

export interface InventoryListItem {
  readonly id: string;
  readonly name: string;
}

/** A page of active items ordered by name then id. */
export interface InventoryItemList {
  readonly items: InventoryListItem[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export class ListInventoryItemsQuery extends Query<InventoryItemList> {
  constructor(
    readonly limit = 50,
    readonly offset = 0,
  ) {
    super();
  }
}
