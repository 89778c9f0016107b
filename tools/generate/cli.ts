/**
 * npm run generate -- <kind> ... : adds the files of one CQRS piece to a feature module, wired in.
 *
 *   module <folder> --aggregate <Name>                 a feature module, its public face, wired into the app
 *   event <module> <Name> [--fields a:number,b:string]  an event class, registered and exported
 *   command <module> <Name> --event <Name> [--fields]   command, handler, aggregate method, failing spec
 *   projection <module> <Name>                          view, projection, migration, failing spec
 *   query <module> <Name> --view <Name>                 query, result type, handler, spec
 *
 * --root <dir> generates into another copy of the project (default: the current folder).
 */
import { resolve } from 'node:path';
import { parseFields } from './feature-module.js';
import {
  generateCommand,
  generateEvent,
  generateModule,
  generateProjection,
  generateQuery,
} from './generators.js';
import { requireKebab, requirePascal } from './names.js';
import { Project } from './project.js';

function parse(argv: string[]): { positional: string[]; options: Record<string, string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const option = /^--([\w-]+)$/.exec(argv[i]);
    if (!option) positional.push(argv[i]);
    else if (i + 1 >= argv.length) throw new Error(`--${option[1]} needs a value`);
    else options[option[1]] = argv[++i];
  }
  return { positional, options };
}

async function main(): Promise<void> {
  const { positional, options } = parse(process.argv.slice(2));
  const [kind, target, name] = positional;
  const project = new Project(resolve(options.root ?? '.'));
  const fields = parseFields(options.fields);
  switch (kind) {
    case 'module':
      generateModule(
        project,
        requireKebab('the folder', target),
        requirePascal('--aggregate', options.aggregate),
      );
      break;
    case 'event':
      generateEvent(project, requireKebab('the module', target), requirePascal('the event', name), fields);
      break;
    case 'command':
      generateCommand(
        project,
        requireKebab('the module', target),
        requirePascal('the command', name),
        requirePascal('--event', options.event),
        fields,
      );
      break;
    case 'projection':
      generateProjection(project, requireKebab('the module', target), requirePascal('the projection', name));
      break;
    case 'query':
      generateQuery(
        project,
        requireKebab('the module', target),
        requirePascal('the query', name),
        requirePascal('--view', options.view),
      );
      break;
    default:
      throw new Error(
        'usage: npm run generate -- <module|event|command|projection|query> ... (see tools/generate/cli.ts)',
      );
  }
  await project.save();
  for (const file of project.created) process.stdout.write(`created  ${file}\n`);
  for (const file of project.changed) process.stdout.write(`changed  ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`generate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
