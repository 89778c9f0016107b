/**
 * The package's library entry (`import { CoreModule, InventoryModule } from 'nest-cqrs-app'`): the
 * CQRS core and every feature module's public face, for a Nest application that imports them
 * in-process and drives them through CommandBus and QueryBus. README: "Using a module from another
 * Nest app". The HTTP application itself starts from main.ts, not from here.
 */
export * from './core/index.js';
export * from './inventory/index.js';
export * from './orders/index.js';
export * from './operations/index.js';
