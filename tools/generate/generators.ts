import { constructorParameters, FeatureModule, type Parameter, sampleValue } from './feature-module.js';
import { addCommandRoute, addQueryRoute, generateCommandsController } from './http-generators.js';
import * as moduleFiles from './module-templates.js';
import { camel, constant, kebab, pascal, sentence, snake } from './names.js';
import type { Project } from './project.js';
import { addClassMember, addImport, appendToArray } from './source-edits.js';
import * as templates from './templates.js';

const exportLine = (symbols: string, file: string) => `export { ${symbols} } from './${file}.js';`;
const appendLine = (line: string) => (text: string) =>
  text.includes(line) ? text : `${text.trimEnd()}\n${line}\n`;
const stem = (file: string) => file.replace(/^.*\//, '').replace(/\.ts$/, '');

function creationOf(module: FeatureModule) {
  const creation = module.creationEvent;
  return {
    className: creation.className,
    fileStem: stem(creation.file),
    arguments: creation.parameters.map((parameter) => sampleValue(parameter, module.idField)).join(', '),
  };
}

/** An event: its class, its entry in the module's events list (the type registry), its export. */
export function generateEvent(
  project: Project,
  moduleName: string,
  name: string,
  fields: readonly Parameter[],
) {
  const module = new FeatureModule(project, moduleName);
  const typeName = name.replace(/Event$/, '');
  const className = `${typeName}Event`;
  const file = module.eventFile(className);
  project.create(
    file,
    templates.eventTemplate(className, typeName, [{ name: module.idField, type: 'string' }, ...fields]),
  );
  project.edit(module.eventsFile, (text) =>
    appendToArray(
      addImport(text, `import { ${className} } from './${stem(file)}.js';`),
      /export const \w+_EVENTS(?::[^=]+)? = \[/,
      className,
      module.eventsFile,
    ),
  );
  project.edit(module.indexFile, appendLine(exportLine(className, `events/${stem(file)}`)));
  return { className, file };
}

/**
 * A command on the module's aggregate: command, handler (wired), the aggregate method it calls, and a
 * spec that fails until that method records the event.
 */
export function generateCommand(
  project: Project,
  moduleName: string,
  name: string,
  eventName: string,
  fields: readonly Parameter[],
) {
  const module = new FeatureModule(project, moduleName);
  const eventClass = `${eventName.replace(/Event$/, '')}Event`;
  const eventFile = module.eventFile(eventClass);
  if (!project.exists(eventFile)) generateEvent(project, moduleName, eventName, fields);
  const aggregate = module.aggregate;
  const base = kebab(name);
  const commandClass = `${name}Command`;
  const handlerClass = `${name}Handler`;
  const method = camel(name);
  const idField = module.idField;

  const samples = new Map(fields.map((field) => [field.name, sampleValue(field, idField)]));
  const eventArguments = constructorParameters(project.read(eventFile)).map(
    (parameter) => samples.get(parameter.name) ?? sampleValue(parameter, idField),
  );
  const options = {
    commandClass,
    commandFile: `${base}.command`,
    handlerClass,
    handlerFile: `${base}.handler`,
    aggregate: { className: aggregate.className, fileStem: stem(aggregate.file) },
    idField,
    method,
    fields,
  };
  const commandFields = [{ name: idField, type: 'string' }, ...fields];
  project.create(
    `${module.dir}/commands/${base}.command.ts`,
    templates.commandTemplate(commandClass, `${sentence(name)}.`, commandFields),
  );
  project.create(`${module.dir}/commands/${base}.handler.ts`, templates.commandHandlerTemplate(options));
  project.create(
    `${module.dir}/commands/${base}.handler.spec.ts`,
    templates.commandSpecTemplate({
      ...options,
      eventClass,
      eventFile: stem(eventFile),
      creation: creationOf(module),
      commandArguments: ['id', ...fields.map((field) => samples.get(field.name))].join(', '),
      eventArguments: eventArguments.join(', '),
    }),
  );
  project.edit(aggregate.file, (text) => {
    if (new RegExp(`^\\s+${method}\\(`, 'm').test(text))
      throw new Error(`${aggregate.file} has a method ${method} already`);
    return addClassMember(
      text,
      aggregate.className,
      templates.aggregateMethodTemplate(method, fields, commandClass, eventClass),
      /^\s+toSnapshot\(/m,
      aggregate.file,
    );
  });
  project.edit(module.moduleFile, (text) =>
    appendToArray(
      addImport(text, `import { ${handlerClass} } from './commands/${base}.handler.js';`),
      /const commandHandlers(?::[^=]+)? = \[/,
      handlerClass,
      module.moduleFile,
    ),
  );
  project.edit(module.indexFile, appendLine(exportLine(commandClass, `commands/${base}.command`)));
  addCommandRoute(project, module, { name, commandClass, commandFile: `${base}.command`, fields });
}

/** Reads the columns of a view entity: `  name: type;` members of its class. */
function viewColumns(source: string): Parameter[] {
  return [...source.matchAll(/^\s+(\w+)[!?]?: ([^;=()]+);$/gm)].map(([, name, type]) => ({
    name,
    type: type.trim(),
  }));
}

/** A query of one row of a view by id: query with its own result type, handler (wired), spec. */
export function generateQuery(project: Project, moduleName: string, name: string, viewName: string) {
  const module = new FeatureModule(project, moduleName);
  const view = viewName.replace(/View$/, '');
  const viewClass = `${view}View`;
  const viewFile = `${kebab(view)}.view`;
  const viewPath = `${module.dir}/read-model/${viewFile}.ts`;
  if (!project.exists(viewPath)) throw new Error(`${viewPath} does not exist: generate the projection first`);
  const columns = viewColumns(project.read(viewPath));
  const base = kebab(name);
  const options = {
    queryClass: `${name}Query`,
    queryFile: `${base}.query`,
    handlerClass: `${name}Handler`,
    handlerFile: `${base}.handler`,
    resultType: `${view}Result`,
    viewClass,
    viewFile,
    notFoundCode: `${constant(view)}_NOT_FOUND`,
    viewLabel: sentence(view).toLowerCase(),
  };
  const row = `{ ${columns
    .map((column) => (column.name === 'id' ? 'id' : `${column.name}: ${sampleValue(column, 'id')}`))
    .join(', ')} }`;
  project.create(
    `${module.dir}/queries/${base}.query.ts`,
    templates.queryTemplate({
      ...options,
      columns,
      summary: `${sentence(name)}: one row of ${viewClass}, by id.`,
    }),
  );
  project.create(`${module.dir}/queries/${base}.handler.ts`, templates.queryHandlerTemplate(options));
  project.create(
    `${module.dir}/queries/${base}.handler.spec.ts`,
    templates.querySpecTemplate({
      ...options,
      schemasConstant: module.schemasConstant,
      schemasFile: stem(module.schemasFile),
      row,
    }),
  );
  project.edit(module.moduleFile, (text) =>
    appendToArray(
      addImport(text, `import { ${options.handlerClass} } from './queries/${base}.handler.js';`),
      /const queryHandlers(?::[^=]+)? = \[/,
      options.handlerClass,
      module.moduleFile,
    ),
  );
  project.edit(
    module.indexFile,
    appendLine(exportLine(`${options.queryClass}, type ${options.resultType}`, `queries/${base}.query`)),
  );
  addQueryRoute(project, module, {
    name,
    queryClass: options.queryClass,
    queryFile: options.queryFile,
    resultType: options.resultType,
    view,
    columns,
    notFound: options.notFoundCode,
  });
}

/**
 * A read view: entity, projection (wired), migration creating its table, and a spec that fails until
 * the projection fills the view.
 */
export function generateProjection(project: Project, moduleName: string, name: string, now = Date.now()) {
  const module = new FeatureModule(project, moduleName);
  const view = name.replace(/(View|Projection)$/, '');
  const base = kebab(view);
  const table = snake(view);
  const viewClass = `${view}View`;
  const projectionClass = `${view}Projection`;
  const migrationClass = `Create${pascal(view)}${now}`;
  const migrationFile = `${now}-create-${base}`;
  const dir = `${module.dir}/read-model`;
  project.create(`${dir}/${base}.view.ts`, templates.viewTemplate(viewClass, table, sentence(view)));
  project.create(
    `${dir}/${base}.projection.ts`,
    templates.projectionTemplate({
      projectionClass,
      projectionName: base,
      viewClass,
      viewFile: `${base}.view`,
    }),
  );
  project.create(`${dir}/migrations/${migrationFile}.ts`, templates.migrationTemplate(migrationClass, table));
  project.create(
    `${dir}/${base}.projection.spec.ts`,
    templates.projectionSpecTemplate({
      projectionClass,
      projectionFile: `${base}.projection`,
      viewClass,
      viewFile: `${base}.view`,
      schemasConstant: module.schemasConstant,
      schemasFile: stem(module.schemasFile),
      creation: creationOf(module),
      aggregateClass: module.aggregate.className,
    }),
  );
  project.edit(module.moduleFile, (text) => {
    let result = addImport(text, `import { ${viewClass} } from './read-model/${base}.view.js';`);
    result = addImport(result, `import { ${projectionClass} } from './read-model/${base}.projection.js';`);
    result = appendToArray(result, /const projections(?::[^=]+)? = \[/, projectionClass, module.moduleFile);
    return appendToArray(result, /TypeOrmModule\.forFeature\(\[/, viewClass, module.moduleFile);
  });
  project.edit(module.schemasFile, (text) => {
    let result = addImport(text, `import { ${viewClass} } from './read-model/${base}.view.js';`);
    result = addImport(
      result,
      `import { ${migrationClass} } from './read-model/migrations/${migrationFile}.js';`,
    );
    const read = () => result.search(/\bread:\s*\{/);
    if (read() < 0) throw new Error(`${module.schemasFile}: cannot find the read store's schema`);
    result = appendToArray(result, /entities: \[/, viewClass, module.schemasFile, read());
    return appendToArray(result, /migrations: \[/, migrationClass, module.schemasFile, read());
  });
  project.edit(module.indexFile, appendLine(exportLine(projectionClass, `read-model/${base}.projection`)));
}

/** A new feature module with its public face, an aggregate that can be created, wired into the application. */
export function generateModule(project: Project, folder: string, aggregate: string) {
  if (project.exists(`src/${folder}`)) throw new Error(`src/${folder} exists already`);
  const n: moduleFiles.ModuleNames = {
    folder,
    moduleClass: `${pascal(folder)}Module`,
    constantPrefix: constant(folder),
    aggregate,
    aggregateFile: kebab(aggregate),
    idField: `${camel(aggregate)}Id`,
    createdEvent: `${aggregate}CreatedEvent`,
    createdEventFile: `${kebab(aggregate)}-created`,
    createCommand: `Create${aggregate}Command`,
    createHandler: `Create${aggregate}Handler`,
    createFile: `create-${kebab(aggregate)}`,
  };
  const dir = `src/${folder}`;
  project.create(`${dir}/${folder}.module.ts`, moduleFiles.moduleTemplate(n));
  project.create(`${dir}/${folder}.schemas.ts`, moduleFiles.schemasTemplate(n));
  project.create(`${dir}/index.ts`, moduleFiles.indexTemplate(n));
  project.create(`${dir}/events/${folder}-events.ts`, moduleFiles.eventsListTemplate(n));
  project.create(
    `${dir}/events/${n.createdEventFile}.event.ts`,
    templates.eventTemplate(n.createdEvent, `${aggregate}Created`, [{ name: n.idField, type: 'string' }]),
  );
  project.create(`${dir}/domain/${n.aggregateFile}.aggregate.ts`, moduleFiles.aggregateTemplate(n));
  project.create(`${dir}/domain/${n.aggregateFile}.aggregate.spec.ts`, moduleFiles.aggregateSpecTemplate(n));
  project.create(`${dir}/commands/${n.createFile}.command.ts`, moduleFiles.createCommandTemplate(n));
  project.create(`${dir}/commands/${n.createFile}.handler.ts`, moduleFiles.createHandlerTemplate(n));

  const face = `'./${folder}/index.js'`;
  project.edit('src/app.module.ts', (text) =>
    appendToArray(
      addImport(text, `import { ${n.moduleClass} } from ${face};`),
      /imports: \[(?=\s*CoreModule\.forRoot)/,
      n.moduleClass,
      'src/app.module.ts',
    ),
  );
  project.edit('src/database-schemas.ts', (text) =>
    appendToArray(
      addImport(text, `import { ${n.constantPrefix}_SCHEMAS } from ${face};`),
      /const FEATURES(?::[^=]+)? = \[/,
      `${n.constantPrefix}_SCHEMAS`,
      'src/database-schemas.ts',
    ),
  );
  project.edit('src/index.ts', appendLine(`export * from ${face};`));
  generateCommandsController(project, new FeatureModule(project, folder), {
    createCommand: n.createCommand,
    aggregate,
  });
}
