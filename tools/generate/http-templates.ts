import type { Parameter } from './feature-module.js';
import { sentence } from './names.js';

/** The request body's decorators of one field, by its generated type (string, number, boolean). */
function requestField({ name, type }: Parameter): string {
  const rule: Record<string, { example: string; validator: string }> = {
    string: { example: `'sample ${name}'`, validator: '@TrimmedText(1, 1000)' },
    number: { example: '1', validator: '@IsNumber({ allowNaN: false, allowInfinity: false })' },
    boolean: { example: 'true', validator: '@IsBoolean()' },
  };
  const { example, validator } = rule[type];
  return `  @ApiProperty({ example: ${example} })
  ${validator}
  ${name}: ${type};`;
}

/** The body of a command route: its fields, validated, and expectedVersion unless it creates. */
export function requestTemplate(
  className: string,
  fields: readonly Parameter[],
  { creates }: { creates: boolean },
): string {
  const validators = new Set<string>();
  const core = new Set<string>([creates ? 'OptionalIdField' : 'ExpectedVersionField']);
  for (const { type } of fields) {
    if (type === 'string') core.add('TrimmedText');
    if (type === 'number') validators.add('IsNumber');
    if (type === 'boolean') validators.add('IsBoolean');
  }
  const imports = [
    ...(fields.length > 0 ? ["import { ApiProperty } from '@nestjs/swagger';"] : []),
    ...(validators.size > 0
      ? [`import { ${[...validators].sort().join(', ')} } from 'class-validator';`]
      : []),
    `import { ${[...core].sort().join(', ')} } from '../../../core/index.js';`,
  ];
  const members = [
    ...(creates ? ['  @OptionalIdField()\n  id?: string;'] : []),
    ...fields.map(requestField),
    ...(creates ? [] : ['  @ExpectedVersionField()\n  expectedVersion?: number;']),
  ];
  return `${imports.join('\n')}

export class ${className} {
${members.join('\n\n')}
}
`;
}

/** One documented field of a response class. */
function responseProperty({ name, type }: Parameter): string {
  const base = type.replace(/\s*\|\s*null/, '');
  const schema =
    name === 'id'
      ? "format: 'uuid'"
      : `type: ${base === 'string' ? 'String' : base === 'number' ? 'Number' : 'Boolean'}`;
  return `  @ApiProperty({ ${schema}${type.includes('null') ? ', nullable: true' : ''} })
  ${name}: ${type};`;
}

/** The 200 body of a query route, documented field by field for the OpenAPI document. */
export function responseTemplate(o: {
  className: string;
  resultType: string;
  queryFile: string;
  columns: readonly Parameter[];
}): string {
  return `import { ApiProperty } from '@nestjs/swagger';
import type { ${o.resultType} } from '../../queries/${o.queryFile}.js';

export class ${o.className} implements ${o.resultType} {
${o.columns.map(responseProperty).join('\n\n')}
}
`;
}

/** The command routes of a new module: its create, and the commands the generator adds later. */
export function commandsControllerTemplate(o: {
  className: string;
  path: string;
  createCommand: string;
  createFile: string;
  createRequest: string;
  createRequestFile: string;
  aggregateLabel: string;
}): string {
  return `import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ApiCommand, type CommandResult, newId } from '../../core/index.js';
import { ${o.createCommand} } from '../commands/${o.createFile}.command.js';
import { ${o.createRequest} } from './dto/${o.createRequestFile}.js';

@ApiTags('${o.path}')
@Controller('${o.path}')
export class ${o.className} {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand({ summary: 'Create a ${o.aggregateLabel}', creates: true })
  create(@Body() { id }: ${o.createRequest}): Promise<CommandResult> {
    return this.commands.execute(new ${o.createCommand}(id ?? newId()));
  }
}
`;
}

/** The query routes of a module, made with its first generated query. */
export function queriesControllerTemplate(o: { className: string; path: string }): string {
  return `import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';

@ApiTags('${o.path}')
@Controller('${o.path}')
export class ${o.className} {
  constructor(private readonly queries: QueryBus) {}
}
`;
}

export function commandRouteTemplate(o: {
  name: string;
  method: string;
  segment: string;
  commandClass: string;
  requestClass: string;
  fields: readonly Parameter[];
  aggregateLabel: string;
  notFound: string;
}): string {
  const argumentsList = ['id', ...o.fields.map((field) => `body.${field.name}`)];
  return `  @Post(':id/${o.segment}')
  @ApiIdParam('${sentence(o.aggregateLabel)} id')
  @ApiCommand({ summary: '${sentence(o.name)}', notFound: '${o.notFound}' })
  ${o.method}(
    @IdParam() id: string,
    @Body() body: ${o.requestClass},
    @IfMatchVersion() ifMatch?: number,
  ): Promise<CommandResult> {
    return this.commands.execute(
      new ${o.commandClass}(${argumentsList.join(', ')}, expectedVersion(body.expectedVersion, ifMatch)),
    );
  }`;
}

export function queryRouteTemplate(o: {
  name: string;
  method: string;
  segment: string;
  queryClass: string;
  resultType: string;
  responseClass: string;
  projectionClass: string;
  aggregateLabel: string;
  notFound: string;
}): string {
  return `  @Get(':id/${o.segment}')
  @ReadsViews(${o.projectionClass}.projectionName)
  @ApiIdParam('${sentence(o.aggregateLabel)} id')
  @ApiViewQuery({ summary: '${sentence(o.name)}', type: ${o.responseClass}, notFound: '${o.notFound}', etag: false })
  ${o.method}(@IdParam() id: string): Promise<${o.resultType}> {
    return this.queries.execute(new ${o.queryClass}(id));
  }`;
}
