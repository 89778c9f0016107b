/** One line of an order: an inventory item (existing or not) and how many of it. */
export interface OrderLine {
  readonly itemId: string;
  readonly quantity: number;
}

export type OrderStatus = 'pending' | 'confirmed' | 'rejected' | 'cancelled';

export const ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'confirmed', 'rejected', 'cancelled'];
export const MAX_LINES = 100;
export const MAX_LINE_QUANTITY = 1_000_000;
export const MAX_REASON_LENGTH = 1000;
