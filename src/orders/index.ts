/**
 * Orders' public face: what other modules and host applications may use. Drive it through
 * CommandBus and QueryBus with these commands and queries; react to these events.
 */
export { OrdersModule } from './orders.module.js';
/** Entities and migrations to pass to CoreModule.forRoot(). */
export { ORDERS_SCHEMAS } from './orders.schemas.js';
/** Controllers, for an application that serves orders over HTTP (by role). */
export { OrdersCommandsController } from './http/orders-commands.controller.js';
export { OrdersQueriesController } from './http/orders-queries.controller.js';

export { PlaceOrderCommand } from './commands/place-order.command.js';
export { CancelOrderCommand } from './commands/cancel-order.command.js';
/** Sent by the fulfilment saga; public so that another process manager could settle an order too. */
export { ConfirmOrderCommand } from './commands/confirm-order.command.js';
export { RejectOrderCommand } from './commands/reject-order.command.js';

export { GetOrderQuery, type OrderDetails } from './queries/get-order.query.js';
export { ListOrdersQuery, type OrderList } from './queries/list-orders.query.js';
export type { OrderLine, OrderStatus } from './domain/order-line.js';

export { OrderPlacedEvent } from './events/order-placed.event.js';
export { OrderConfirmedEvent } from './events/order-confirmed.event.js';
export { OrderRejectedEvent } from './events/order-rejected.event.js';
export { OrderCancelledEvent } from './events/order-cancelled.event.js';

export {
  InvalidOrderLinesError,
  OrderNotCancellableError,
  OrderNotFoundError,
  OrderNotPendingError,
} from './domain/order.errors.js';
/** Projection name, for ?minPosition waits and POST /projections/:name/rebuild. */
export { OrderProjection } from './read-model/order.projection.js';
/** The saga's name, for operators. */
export { OrderFulfilmentSaga } from './sagas/order-fulfilment.saga.js';

/** Integration events: orders' public contract with other services (see the README). */
export { OrderConfirmedIntegrationEvent } from './integration/order-confirmed.integration-event.js';
export { OrderRejectedIntegrationEvent } from './integration/order-rejected.integration-event.js';
export { OrderCancelledIntegrationEvent } from './integration/order-cancelled.integration-event.js';
/** Its mapping from the internal events, for the forwarder and the AsyncAPI document. */
export { OrdersIntegrationMapping } from './integration/orders-integration.mapping.js';
