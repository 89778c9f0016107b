import type { OrderView } from '../read-model/order.view.js';
import type { OrderDetails } from './get-order.query.js';

/** The answer shape of a view row, shared by the details and the list. */
export function toOrderDetails({ id, status, lines, rejectionReason, version }: OrderView): OrderDetails {
  return { id, status, lines, ...(rejectionReason === null ? {} : { rejectionReason }), version };
}
