import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventTypeRegistry, VIEW_READER } from '../core/index.js';
import { CancelOrderHandler } from './commands/cancel-order.handler.js';
import { ConfirmOrderHandler } from './commands/confirm-order.handler.js';
import { PlaceOrderHandler } from './commands/place-order.handler.js';
import { RejectOrderHandler } from './commands/reject-order.handler.js';
import { ORDER_EVENTS } from './events/order-events.js';
import { GetOrderHandler } from './queries/get-order.handler.js';
import { ListOrdersHandler } from './queries/list-orders.handler.js';
import { OrderProjection } from './read-model/order.projection.js';
import { OrderView } from './read-model/order.view.js';
import { OrderFulfilmentSaga } from './sagas/order-fulfilment.saga.js';
import { OrderRepository } from './write-model/order.repository.js';
import { OrdersIntegrationMapping } from './integration/orders-integration.mapping.js';

const commandHandlers = [PlaceOrderHandler, ConfirmOrderHandler, RejectOrderHandler, CancelOrderHandler];
const queryHandlers = [GetOrderHandler, ListOrdersHandler];

/**
 * Orders: state-stored, tied to inventory only through inventory's public commands (the fulfilment
 * saga reserves and releases stock). Needs CoreModule.forRoot() with ORDERS_SCHEMAS among its schemas,
 * and InventoryModule in the same application (the saga's commands go to its handlers).
 */
@Module({
  imports: [TypeOrmModule.forFeature([OrderView], VIEW_READER)],
  providers: [
    OrderRepository,
    ...commandHandlers,
    ...queryHandlers,
    OrderProjection,
    OrderFulfilmentSaga,
    OrdersIntegrationMapping,
  ],
})
export class OrdersModule {
  constructor(registry: EventTypeRegistry) {
    registry.registerAll(ORDER_EVENTS);
  }
}
