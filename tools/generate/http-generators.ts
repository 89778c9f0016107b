import type { FeatureModule, Parameter } from './feature-module.js';
import * as http from './http-templates.js';
import { camel, constant, kebab, pascal, sentence } from './names.js';
import type { Project } from './project.js';
import { addClassMember, addImport, addNamedImports, appendToArray } from './source-edits.js';

/**
 * The HTTP side of a feature module, as the application's own modules have it: a commands controller
 * and a queries controller under http/ (split, so that each role serves only its own routes), wired
 * into app.module.ts's lists per role and exported from the module's index; request and response
 * classes under http/dto/ for validation and the OpenAPI document.
 */
const CORE = '../../core/index.js';
const exportLine = (symbol: string, file: string) => `export { ${symbol} } from './${file}.js';`;
const appendLine = (line: string) => (text: string) =>
  text.includes(line) ? text : `${text.trimEnd()}\n${line}\n`;

function controllerOf(module: FeatureModule, side: 'commands' | 'queries') {
  const stem = `${module.name}-${side}.controller`;
  return {
    className: `${pascal(module.name)}${pascal(side)}Controller`,
    stem,
    file: `${module.dir}/http/${stem}.ts`,
  };
}

/** Wires a new controller into the application: the role's list in app.module.ts, and the index. */
function wireController(project: Project, module: FeatureModule, side: 'commands' | 'queries') {
  const { className, stem } = controllerOf(module, side);
  project.edit(module.indexFile, appendLine(exportLine(className, `http/${stem}`)));
  const list = side === 'commands' ? 'COMMAND_CONTROLLERS' : 'QUERY_CONTROLLERS';
  project.edit('src/app.module.ts', (text) =>
    appendToArray(
      addNamedImports(text, [className], `./${module.name}/index.js`),
      new RegExp(`const ${list}(?::[^=]+)? = \\[`),
      className,
      'src/app.module.ts',
    ),
  );
}

const aggregateLabel = (module: FeatureModule) => sentence(module.aggregate.className).toLowerCase();

/** A new module's commands controller with its create route (POST /<folder>). */
export function generateCommandsController(
  project: Project,
  module: FeatureModule,
  { createCommand, aggregate }: { createCommand: string; aggregate: string },
) {
  const { className, file } = controllerOf(module, 'commands');
  const createFile = kebab(createCommand.replace(/Command$/, ''));
  const createRequest = `${createCommand.replace(/Command$/, '')}Request`;
  project.create(
    `${module.dir}/http/dto/${createFile}.request.ts`,
    http.requestTemplate(createRequest, [], { creates: true }),
  );
  project.create(
    file,
    http.commandsControllerTemplate({
      className,
      path: module.name,
      createCommand,
      createFile,
      createRequest,
      createRequestFile: `${createFile}.request`,
      aggregateLabel: sentence(aggregate).toLowerCase(),
    }),
  );
  wireController(project, module, 'commands');
}

/** POST /<folder>/:id/<command> with its request class, in the module's commands controller. */
export function addCommandRoute(
  project: Project,
  module: FeatureModule,
  o: { name: string; commandClass: string; commandFile: string; fields: readonly Parameter[] },
) {
  const controller = controllerOf(module, 'commands');
  if (!project.exists(controller.file)) {
    throw new Error(`${controller.file} is missing: the command is generated, its route is not`);
  }
  const base = kebab(o.name);
  const requestClass = `${o.name}Request`;
  project.create(
    `${module.dir}/http/dto/${base}.request.ts`,
    http.requestTemplate(requestClass, o.fields, { creates: false }),
  );
  const route = http.commandRouteTemplate({
    name: o.name,
    method: camel(o.name),
    segment: base,
    commandClass: o.commandClass,
    requestClass,
    fields: o.fields,
    aggregateLabel: aggregateLabel(module),
    notFound: `${constant(module.aggregate.className)}_NOT_FOUND`,
  });
  project.edit(controller.file, (text) => {
    let result = addNamedImports(text, ['Body', 'Controller', 'Post'], '@nestjs/common');
    result = addNamedImports(
      result,
      ['ApiCommand', 'ApiIdParam', 'type CommandResult', 'expectedVersion', 'IdParam', 'IfMatchVersion'],
      CORE,
    );
    result = addImport(result, `import { ${o.commandClass} } from '../commands/${o.commandFile}.js';`);
    result = addImport(result, `import { ${requestClass} } from './dto/${base}.request.js';`);
    return addClassMember(result, controller.className, route, /(?!)/, controller.file);
  });
}

/** GET /<folder>/:id/<view> with its response class, in the module's queries controller (made if new). */
export function addQueryRoute(
  project: Project,
  module: FeatureModule,
  o: {
    name: string;
    queryClass: string;
    queryFile: string;
    resultType: string;
    view: string;
    columns: readonly Parameter[];
    notFound: string;
  },
) {
  const controller = controllerOf(module, 'queries');
  if (!project.exists(controller.file)) {
    project.create(controller.file, http.queriesControllerTemplate({ ...controller, path: module.name }));
    wireController(project, module, 'queries');
  }
  const responseClass = `${o.view}Response`;
  const responseFile = `${kebab(o.view)}.response`;
  if (!project.exists(`${module.dir}/http/dto/${responseFile}.ts`)) {
    project.create(
      `${module.dir}/http/dto/${responseFile}.ts`,
      http.responseTemplate({ className: responseClass, ...o }),
    );
  }
  const projectionClass = `${o.view}Projection`;
  const route = http.queryRouteTemplate({
    ...o,
    method: camel(o.name),
    segment: kebab(o.view),
    responseClass,
    projectionClass,
    aggregateLabel: aggregateLabel(module),
  });
  project.edit(controller.file, (text) => {
    let result = addNamedImports(text, ['Controller', 'Get'], '@nestjs/common');
    result = addNamedImports(result, ['ApiIdParam', 'ApiViewQuery', 'IdParam', 'ReadsViews'], CORE);
    result = addNamedImports(result, [o.queryClass, `type ${o.resultType}`], `../queries/${o.queryFile}.js`);
    result = addImport(
      result,
      `import { ${projectionClass} } from '../read-model/${kebab(o.view)}.projection.js';`,
    );
    result = addImport(result, `import { ${responseClass} } from './dto/${responseFile}.js';`);
    return addClassMember(result, controller.className, route, /(?!)/, controller.file);
  });
}
