import { Query } from '@nestjs/cqrs';

/** One item as the details view shows it. */
export interface InventoryItemDetails {
  readonly id: string;
  readonly name: string;
  readonly currentCount: number;
  readonly maxQty: number | null;
  readonly version: number;
  readonly active: boolean;
}

export class GetInventoryItemQuery extends Query<InventoryItemDetails> {
  constructor(readonly itemId: string) {
    super();
  }
}
