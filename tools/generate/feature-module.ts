import { camel, constant, kebab } from './names.js';
import type { Project } from './project.js';

export interface Parameter {
  readonly name: string;
  readonly type: string;
}

/** What a generator needs to know of an existing feature module, read from its files. */
export class FeatureModule {
  readonly dir: string;
  readonly moduleFile: string;
  readonly indexFile: string;
  readonly schemasFile: string;
  readonly eventsFile: string;

  constructor(
    private readonly project: Project,
    readonly name: string,
  ) {
    this.dir = `src/${name}`;
    this.moduleFile = `${this.dir}/${name}.module.ts`;
    this.indexFile = `${this.dir}/index.ts`;
    this.schemasFile = `${this.dir}/${name}.schemas.ts`;
    this.eventsFile = `${this.dir}/events/${name}-events.ts`;
    for (const file of [this.moduleFile, this.indexFile, this.schemasFile, this.eventsFile]) {
      if (!project.exists(file)) throw new Error(`${name} is not a feature module: ${file} is missing`);
    }
  }

  get schemasConstant(): string {
    return this.match(this.schemasFile, /export const (\w+_SCHEMAS)\b/);
  }

  get eventsConstant(): string {
    return this.match(this.eventsFile, /export const (\w+_EVENTS)\b/);
  }

  /** The module's event-sourced aggregate: its class and file. */
  get aggregate(): { className: string; file: string } {
    const files = this.project.list(`${this.dir}/domain`).filter((file) => file.endsWith('.aggregate.ts'));
    if (files.length !== 1) throw new Error(`${this.dir}/domain must hold exactly one *.aggregate.ts`);
    const file = `${this.dir}/domain/${files[0]}`;
    return { className: this.match(file, /export class (\w+) extends EventSourcedAggregate/), file };
  }

  /** The event that starts a stream: the first *CreatedEvent of the module's events list, else its first. */
  get creationEvent(): { className: string; file: string; parameters: Parameter[] } {
    const names = [
      ...this.project
        .read(this.eventsFile)
        .matchAll(/import \{ (\w+Event) \} from '\.\/([\w-]+)\.event\.js'/g),
    ];
    const chosen = names.find(([, className]) => className.endsWith('CreatedEvent')) ?? names[0];
    if (!chosen)
      throw new Error(`${this.eventsFile} lists no event: generate the module's creation event first`);
    const file = `${this.dir}/events/${chosen[2]}.event.ts`;
    return { className: chosen[1], file, parameters: constructorParameters(this.project.read(file)) };
  }

  /** The name of the aggregate id in this module's events (itemId in inventory). */
  get idField(): string {
    const first = this.creationEvent.parameters[0];
    return first && /id$/i.test(first.name) ? first.name : `${camel(this.aggregate.className)}Id`;
  }

  eventFile(className: string): string {
    return `${this.dir}/events/${kebab(className.replace(/Event$/, ''))}.event.ts`;
  }

  get constantPrefix(): string {
    return constant(this.name);
  }

  private match(file: string, pattern: RegExp): string {
    const found = pattern.exec(this.project.read(file));
    if (!found) throw new Error(`${file}: cannot find ${pattern}`);
    return found[1];
  }
}

/** `constructor(readonly a: string, readonly b: number | null)` -> [{ a, string }, { b, number | null }]. */
export function constructorParameters(source: string): Parameter[] {
  const found = /constructor\(([\s\S]*?)\)\s*\{/.exec(source);
  if (!found) return [];
  return found[1]
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const parameter = /^(?:readonly\s+)?(\w+)\??\s*:\s*(.+)$/.exec(part);
      if (!parameter) throw new Error(`cannot read the constructor parameter "${part}"`);
      return { name: parameter[1], type: parameter[2].trim() };
    });
}

/** A value of `type` for a generated spec; `id` for the aggregate id. */
export function sampleValue({ name, type }: Parameter, idField: string): string {
  if (name === idField) return 'id';
  if (/\bnull\b/.test(type)) return 'null';
  if (type === 'string') return `'sample ${name}'`;
  if (type === 'number') return '1';
  if (type === 'boolean') return 'true';
  throw new Error(`no sample value for ${name}: ${type}; write that spec's events by hand`);
}

/** `quantity:number,note:string` -> parameters. */
export function parseFields(spec: string | undefined): Parameter[] {
  if (!spec) return [];
  return spec.split(',').map((field) => {
    const [name, type] = field.split(':').map((part) => part.trim());
    if (!/^[a-z]\w*$/.test(name ?? '') || !['string', 'number', 'boolean'].includes(type ?? '')) {
      throw new Error(`--fields takes name:type pairs with type string, number or boolean; got "${field}"`);
    }
    return { name, type };
  });
}
