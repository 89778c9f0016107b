import { type Parameter } from './feature-module.js';
import { sentence } from './names.js';

const fieldList = (parameters: readonly Parameter[], optional: string[] = []) =>
  [...parameters.map(({ name, type }) => `readonly ${name}: ${type},`), ...optional].join('\n');

export function eventTemplate(className: string, typeName: string, parameters: readonly Parameter[]): string {
  return `import { DomainEvent } from '../../core/index.js';

/** ${sentence(typeName)}. */
export class ${className} extends DomainEvent {
  static readonly type = '${typeName}';
  static readonly schemaVersion = 1;

  constructor(
    ${fieldList(parameters)}
  ) {
    super();
  }
}
`;
}

export function commandTemplate(
  className: string,
  summary: string,
  parameters: readonly Parameter[],
): string {
  return `import { Command } from '@nestjs/cqrs';
import type { CommandResult } from '../../core/index.js';

/** ${summary} */
export class ${className} extends Command<CommandResult> {
  /** Its stable name: what a saga's command is fingerprinted by (never the class name). */
  static readonly type = '${className}';

  constructor(
    ${fieldList(parameters, ['readonly expectedVersion?: number,'])}
  ) {
    super();
  }
}
`;
}

interface HandlerOptions {
  readonly commandClass: string;
  readonly commandFile: string;
  readonly handlerClass: string;
  readonly aggregate: { className: string; fileStem: string };
  readonly idField: string;
  readonly method: string;
  readonly fields: readonly Parameter[];
}

export function commandHandlerTemplate(o: HandlerOptions): string {
  const fieldNames = o.fields.map(({ name }) => name);
  return `import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../core/index.js';
import { ${o.aggregate.className} } from '../domain/${o.aggregate.fileStem}.js';
import { ${o.commandClass} } from './${o.commandFile}.js';

@CommandHandler(${o.commandClass})
export class ${o.handlerClass} implements ICommandHandler<${o.commandClass}> {
  constructor(private readonly repository: EventSourcedRepository) {}

  execute({ ${[o.idField, ...fieldNames, 'expectedVersion'].join(', ')} }: ${o.commandClass}) {
    return this.repository.update(${o.aggregate.className}, ${o.idField}, expectedVersion, (aggregate) =>
      aggregate.${o.method}(${fieldNames.join(', ')}),
    );
  }
}
`;
}

/** The aggregate method a new command calls: the rule is the developer's, the spec says what it must record. */
export function aggregateMethodTemplate(
  method: string,
  fields: readonly Parameter[],
  commandClass: string,
  eventClass: string,
): string {
  const parameters = fields.map(({ name, type }) => `${name}: ${type}`).join(', ');
  const eventArguments = ['this.id', ...fields.map(({ name }) => name)].join(', ');
  return `  /**
   * ${commandClass}: check its rules (throw a domain error from *.errors.ts to refuse), then record
   * \`this.apply(new ${eventClass}(${eventArguments}))\`; its handler spec says what it must record.
   */
  ${method}(${parameters}): void {}`;
}

interface CommandSpecOptions extends HandlerOptions {
  readonly handlerFile: string;
  readonly eventClass: string;
  readonly eventFile: string;
  readonly creation: { className: string; fileStem: string; arguments: string };
  readonly commandArguments: string;
  readonly eventArguments: string;
}

export function commandSpecTemplate(o: CommandSpecOptions): string {
  const creationImport =
    o.creation.fileStem === o.eventFile
      ? ''
      : `import { ${o.creation.className} } from '../events/${o.creation.fileStem}.js';\n`;
  return `import { randomUUID } from 'node:crypto';
import { RecordingRepository } from '../../core/testing/recording-repository.js';
${creationImport}import { ${o.eventClass} } from '../events/${o.eventFile}.js';
import { ${o.commandClass} } from './${o.commandFile}.js';
import { ${o.handlerClass} } from './${o.handlerFile}.js';

describe('${o.handlerClass}', () => {
  it('records ${o.eventClass.replace(/Event$/, '')} on an existing ${o.aggregate.className}', async () => {
    const id = randomUUID();
    const repository = new RecordingRepository().given(id, new ${o.creation.className}(${o.creation.arguments}));

    const result = await new ${o.handlerClass}(repository.asEventSourced()).execute(
      new ${o.commandClass}(${o.commandArguments}),
    );

    expect(repository.recorded(id)).toStrictEqual([new ${o.eventClass}(${o.eventArguments})]);
    expect(result).toMatchObject({ id, version: 2 });
  });
});
`;
}

export function queryTemplate(o: {
  queryClass: string;
  resultType: string;
  columns: readonly Parameter[];
  summary: string;
}): string {
  return `import { Query } from '@nestjs/cqrs';

/** What ${o.queryClass} answers: its own type, not the view entity. */
export interface ${o.resultType} {
  ${o.columns.map(({ name, type }) => `readonly ${name}: ${type};`).join('\n')}
}

/** ${o.summary} */
export class ${o.queryClass} extends Query<${o.resultType}> {
  constructor(readonly id: string) {
    super();
  }
}
`;
}

interface QueryHandlerOptions {
  readonly queryClass: string;
  readonly queryFile: string;
  readonly handlerClass: string;
  readonly resultType: string;
  readonly viewClass: string;
  readonly viewFile: string;
  readonly notFoundCode: string;
  readonly viewLabel: string;
}

export function queryHandlerTemplate(o: QueryHandlerOptions): string {
  return `import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFoundError, VIEW_READER } from '../../core/index.js';
import { ${o.viewClass} } from '../read-model/${o.viewFile}.js';
import { ${o.queryClass}, type ${o.resultType} } from './${o.queryFile}.js';

@QueryHandler(${o.queryClass})
export class ${o.handlerClass} implements IQueryHandler<${o.queryClass}> {
  constructor(
    @InjectRepository(${o.viewClass}, VIEW_READER)
    private readonly views: Repository<${o.viewClass}>,
  ) {}

  async execute({ id }: ${o.queryClass}): Promise<${o.resultType}> {
    const row = await this.views.findOneBy({ id });
    if (!row) throw new NotFoundError('${o.notFoundCode}', \`No ${o.viewLabel} \${id}\`, { id });
    return { ...row };
  }
}
`;
}

export function querySpecTemplate(
  o: QueryHandlerOptions & { handlerFile: string; schemasConstant: string; schemasFile: string; row: string },
): string {
  return `import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../core/index.js';
import { openViewStore } from '../../core/testing/view-store.js';
import { ${o.viewClass} } from '../read-model/${o.viewFile}.js';
import { ${o.schemasConstant} } from '../${o.schemasFile}.js';
import { ${o.queryClass} } from './${o.queryFile}.js';
import { ${o.handlerClass} } from './${o.handlerFile}.js';

describe('${o.handlerClass}', () => {
  let store: DataSource;
  let handler: ${o.handlerClass};

  beforeAll(async () => {
    store = await openViewStore(${o.schemasConstant});
    handler = new ${o.handlerClass}(store.getRepository(${o.viewClass}));
  });
  afterAll(() => store.destroy());

  it('answers the row of the view', async () => {
    const id = randomUUID();
    const row = ${o.row};
    await store.manager.insert(${o.viewClass}, row);
    await expect(handler.execute(new ${o.queryClass}(id))).resolves.toEqual(row);
  });

  it('refuses an id the view does not hold', async () => {
    await expect(handler.execute(new ${o.queryClass}(randomUUID()))).rejects.toBeInstanceOf(NotFoundError);
  });
});
`;
}

export function viewTemplate(viewClass: string, table: string, label: string): string {
  return `import { Entity, PrimaryColumn } from 'typeorm';

/** ${label}, one row per stream: add a column (and to the migration) for each thing it shows. */
@Entity('${table}')
export class ${viewClass} {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;
}
`;
}

export function migrationTemplate(className: string, table: string): string {
  return `import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: '${table}',
        columns: [{ name: 'id', type: 'varchar', length: '36', isPrimary: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('${table}');
  }
}
`;
}

export function projectionTemplate(o: {
  projectionClass: string;
  projectionName: string;
  viewClass: string;
  viewFile: string;
}): string {
  return `import { Injectable } from '@nestjs/common';
import { Projection } from '../../core/index.js';
import { ${o.viewClass} } from './${o.viewFile}.js';

/**
 * Fills ${o.viewClass}; its spec says what the view must show after which events. Say in a
 * constructor what each event does to a row: \`this.rows(${o.viewClass}, ({ streamId }) => streamId)
 * .insert(SomethingHappenedEvent, (event) => ({ id: ... })).update(...)\`, or, for SQL of your own,
 * \`this.on(SomethingHappenedEvent, (event, manager, recorded) => ...)\`.
 */
@Injectable()
export class ${o.projectionClass} extends Projection {
  static readonly projectionName = '${o.projectionName}';
  readonly name = ${o.projectionClass}.projectionName;
  readonly views = [${o.viewClass}];
}
`;
}

export function projectionSpecTemplate(o: {
  projectionClass: string;
  projectionFile: string;
  viewClass: string;
  viewFile: string;
  schemasConstant: string;
  schemasFile: string;
  creation: { className: string; fileStem: string; arguments: string };
  aggregateClass: string;
}): string {
  return `import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openViewStore, recordedEvent } from '../../core/testing/view-store.js';
import { ${o.creation.className} } from '../events/${o.creation.fileStem}.js';
import { ${o.schemasConstant} } from '../${o.schemasFile}.js';
import { ${o.projectionClass} } from './${o.projectionFile}.js';
import { ${o.viewClass} } from './${o.viewFile}.js';

describe('${o.projectionClass}', () => {
  let store: DataSource;
  const projection = new ${o.projectionClass}();

  beforeAll(async () => {
    store = await openViewStore(${o.schemasConstant});
  });
  afterAll(() => store.destroy());

  it('shows a row for a new ${o.aggregateClass}', async () => {
    const id = randomUUID();
    await projection.apply(
      recordedEvent(new ${o.creation.className}(${o.creation.arguments}), { streamId: id, version: 1 }),
      store.manager,
    );
    await expect(store.manager.findOneBy(${o.viewClass}, { id })).resolves.toEqual({ id });
  });
});
`;
}
