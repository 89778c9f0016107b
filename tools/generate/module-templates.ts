import { constant, sentence } from './names.js';

/** The files of a new feature module; `n` holds its derived names. */
export interface ModuleNames {
  readonly folder: string; // shipments
  readonly moduleClass: string; // ShipmentsModule
  readonly constantPrefix: string; // SHIPMENTS
  readonly aggregate: string; // Shipment
  readonly aggregateFile: string; // shipment
  readonly idField: string; // shipmentId
  readonly createdEvent: string; // ShipmentCreatedEvent
  readonly createdEventFile: string; // shipment-created
  readonly createCommand: string; // CreateShipmentCommand
  readonly createHandler: string; // CreateShipmentHandler
  readonly createFile: string; // create-shipment
}

export const moduleTemplate = (n: ModuleNames) => `import { Module, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventTypeRegistry, VIEW_READER } from '../core/index.js';
import { ${n.createHandler} } from './commands/${n.createFile}.handler.js';
import { ${n.constantPrefix}_EVENTS } from './events/${n.folder}-events.js';

const commandHandlers: Type[] = [${n.createHandler}];
const queryHandlers: Type[] = [];
const projections: Type[] = [];

/**
 * ${sentence(n.folder)}: event-sourced ${n.aggregate} streams. Needs CoreModule.forRoot() in the
 * application, with ${n.constantPrefix}_SCHEMAS among its schemas.
 */
@Module({
  imports: [TypeOrmModule.forFeature([], VIEW_READER)],
  providers: [...commandHandlers, ...queryHandlers, ...projections],
})
export class ${n.moduleClass} {
  constructor(registry: EventTypeRegistry) {
    registry.registerAll(${n.constantPrefix}_EVENTS);
  }
}
`;

export const schemasTemplate = (n: ModuleNames) => `import type { StoreSchemas } from '../core/index.js';

/** ${sentence(n.folder)}' tables: views in the read store; none in the write store (event-sourced). */
export const ${n.constantPrefix}_SCHEMAS: StoreSchemas = {
  write: { entities: [], migrations: [] },
  read: { entities: [], migrations: [] },
};
`;

export const eventsListTemplate = (
  n: ModuleNames,
) => `import { ${n.createdEvent} } from './${n.createdEventFile}.event.js';

/** Every event the ${n.folder} module writes, registered with the core's type registry. */
export const ${n.constantPrefix}_EVENTS = [${n.createdEvent}];
`;

export const aggregateTemplate = (
  n: ModuleNames,
) => `import { EventSourcedAggregate, NotFoundError } from '../../core/index.js';
import { ${n.createdEvent} } from '../events/${n.createdEventFile}.event.js';

/** What a snapshot keeps: every field that an on<Event> method sets. */
type ${n.aggregate}Snapshot = Record<string, never>;

/** A ${sentence(n.aggregate).toLowerCase()}, event-sourced: rules in public methods, state changed only in on<Event> methods. */
export class ${n.aggregate} extends EventSourcedAggregate<${n.aggregate}Snapshot> {
  static readonly streamType = '${n.aggregate}';
  static readonly snapshotSchemaVersion = 1;

  /** The 404 of an unknown id, the same on the command and the query side. */
  static notFound(id: string): NotFoundError {
    return new NotFoundError('${constant(n.aggregate)}_NOT_FOUND', \`${sentence(n.aggregate)} \${id} does not exist\`, {
      ${n.idField}: id,
    });
  }

  static create(id: string): ${n.aggregate} {
    const created = new ${n.aggregate}(id);
    created.apply(new ${n.createdEvent}(id));
    return created;
  }

  toSnapshot(): ${n.aggregate}Snapshot {
    return {};
  }

  protected restoreSnapshot(): void {}
}
`;

export const aggregateSpecTemplate = (n: ModuleNames) => `import { randomUUID } from 'node:crypto';
import { whenCreated } from '../../core/testing/aggregate-spec.js';
import { ${n.createdEvent} } from '../events/${n.createdEventFile}.event.js';
import { ${n.aggregate} } from './${n.aggregateFile}.aggregate.js';

describe('${n.aggregate}', () => {
  it('records ${n.createdEvent.replace(/Event$/, '')} when created', () => {
    const id = randomUUID();
    whenCreated(() => ${n.aggregate}.create(id)).thenEvents(new ${n.createdEvent}(id));
  });
});
`;

export const createCommandTemplate = (n: ModuleNames) => `import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** Starts a ${n.aggregate} stream; repeating it with the same id is idempotent. */
export class ${n.createCommand} extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = '${n.createCommand}';

  constructor(readonly ${n.idField}: string) {
    super();
  }
}
`;

export const createHandlerTemplate = (
  n: ModuleNames,
) => `import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { ${n.aggregate} } from '../domain/${n.aggregateFile}.aggregate.js';
import { ${n.createCommand} } from './${n.createFile}.command.js';

@CommandHandler(${n.createCommand})
export class ${n.createHandler} implements ICommandHandler<${n.createCommand}> {
  constructor(private readonly repository: EventSourcedRepository) {}

  execute({ ${n.idField} }: ${n.createCommand}) {
    return this.repository.create(${n.aggregate}, ${n.idField}, () => ${n.aggregate}.create(${n.idField}));
  }
}
`;

export const indexTemplate = (n: ModuleNames) => `/**
 * ${sentence(n.folder)}' public face: what other modules and host applications may use. Drive it
 * through CommandBus and QueryBus with these commands and queries; react to these events.
 */
export { ${n.moduleClass} } from './${n.folder}.module.js';
/** Entities and migrations to pass to CoreModule.forRoot(). */
export { ${n.constantPrefix}_SCHEMAS } from './${n.folder}.schemas.js';

export { ${n.createCommand} } from './commands/${n.createFile}.command.js';

export { ${n.createdEvent} } from './events/${n.createdEventFile}.event.js';
`;
