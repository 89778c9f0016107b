import { relative, sep } from 'node:path';
import { sqliteFilePath } from '../database/store-options.js';
import type { AppConfig } from './app-config.js';

/** A path as a person would type it from the working directory: `./data/write.sqlite`. */
function shown(path: string, cwd: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd === '' || fromCwd.startsWith('..') ? path : `.${sep}${fromCwd}`;
}

/** A store: `sqlite <file>`, or `postgres <url>` without its password. */
function store(url: string | undefined, file: string, cwd: string): string {
  if (!url) return `sqlite ${shown(file, cwd)}`;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return `postgres ${parsed.toString()}`;
  } catch {
    return 'postgres (an unparsable URL)';
  }
}

/**
 * The one line the server prints once it listens: where, in which role, on which stores.
 *   listening on http://127.0.0.1:3000 (role all, write store sqlite ./data/write.sqlite, read store sqlite ./data/read.sqlite)
 */
export function startupLine(config: AppConfig, port: number, cwd = process.cwd()): string {
  const write = store(config.databaseUrl, sqliteFilePath(config.dataDir, 'write'), cwd);
  const read = store(config.readDatabaseUrl, sqliteFilePath(config.dataDir, 'read'), cwd);
  return `listening on http://127.0.0.1:${port} (role ${config.role}, write store ${write}, read store ${read})`;
}
