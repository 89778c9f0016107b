import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as prettier from 'prettier';

/** The project being generated into: reads and writes its files, formatted, and remembers which. */
export class Project {
  readonly created: string[] = [];
  readonly changed: string[] = [];
  private readonly pending = new Map<string, string>();

  constructor(readonly root: string) {
    if (!existsSync(join(root, 'src', 'core', 'index.ts'))) {
      throw new Error(`${root} is not this project's root (no src/core/index.ts)`);
    }
  }

  path(file: string): string {
    return join(this.root, file);
  }

  exists(file: string): boolean {
    return this.pending.has(file) || existsSync(this.path(file));
  }

  read(file: string): string {
    const pending = this.pending.get(file);
    if (pending !== undefined) return pending;
    if (!existsSync(this.path(file))) throw new Error(`${file} does not exist`);
    return readFileSync(this.path(file), 'utf8');
  }

  list(folder: string): string[] {
    return existsSync(this.path(folder)) ? readdirSync(this.path(folder)) : [];
  }

  /** A new file: refuses to overwrite, so a generator never clobbers work. */
  create(file: string, text: string): void {
    if (this.exists(file)) throw new Error(`${file} exists already`);
    this.pending.set(file, text);
    this.created.push(file);
  }

  edit(file: string, change: (text: string) => string): void {
    const text = change(this.read(file));
    this.pending.set(file, text);
    if (!this.created.includes(file) && !this.changed.includes(file)) this.changed.push(file);
  }

  /** Writes every file, formatted with the project's Prettier settings. Nothing is written on an error before. */
  async save(): Promise<void> {
    for (const [file, text] of this.pending) {
      const path = this.path(file);
      const options = (await prettier.resolveConfig(path)) ?? {};
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, await prettier.format(text, { ...options, filepath: path }));
    }
    this.pending.clear();
  }

  relative(path: string): string {
    return relative(this.root, path);
  }
}
