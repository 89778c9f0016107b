import { OrderCancelledEvent } from './order-cancelled.event.js';
import { OrderConfirmedEvent } from './order-confirmed.event.js';
import { OrderPlacedEvent } from './order-placed.event.js';
import { OrderRejectedEvent } from './order-rejected.event.js';

/** Every event the orders module writes, registered with the core's type registry. */
export const ORDER_EVENTS = [OrderPlacedEvent, OrderConfirmedEvent, OrderRejectedEvent, OrderCancelledEvent];
