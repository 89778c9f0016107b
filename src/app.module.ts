import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { type AppConfig, CoreModule, NatsIntegrationModule } from './core/index.js';
import { DomainErrorFilter } from './core/http/domain-error.filter.js';
import { HttpRouteInterceptor } from './core/tracing/http-route.interceptor.js';
import { tracerProviderRegistered } from './core/tracing/tracer.js';
import { DATABASE_SCHEMAS } from './database-schemas.js';
import {
  DeliveriesConsumer,
  InventoryCommandsController,
  InventoryModule,
  InventoryQueriesController,
} from './inventory/index.js';
import { OperationsModule } from './operations/index.js';
import { OrdersCommandsController, OrdersModule, OrdersQueriesController } from './orders/index.js';

const COMMAND_CONTROLLERS: Type[] = [InventoryCommandsController, OrdersCommandsController];
const QUERY_CONTROLLERS: Type[] = [InventoryQueriesController, OrdersQueriesController];
/** The feature modules' consumers of messages from other services (NATS_URL set only). */
const INBOUND_CONSUMERS = [DeliveriesConsumer];

/**
 * The application: the core, the feature modules, and the controllers of the routes this process's
 * role serves (a list per role, not a condition per route); the others answer 404.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    const { role } = config;
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({ config, schemas: DATABASE_SCHEMAS }),
        InventoryModule,
        OrdersModule,
        OperationsModule.register(config),
        NatsIntegrationModule.register(config, { consumers: INBOUND_CONSUMERS }),
      ],
      controllers: [
        ...(role === 'all' || role === 'command' ? COMMAND_CONTROLLERS : []),
        ...(role === 'all' || role === 'query' ? QUERY_CONTROLLERS : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        // Only with a tracer provider (main.ts starts the SDK before this): a route with no
        // interceptor is answered without the rxjs chain each one costs every request (decision 0290).
        ...(tracerProviderRegistered() ? [{ provide: APP_INTERCEPTOR, useClass: HttpRouteInterceptor }] : []),
      ],
    };
  }
}
