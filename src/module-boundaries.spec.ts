import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of every file under `module`, resolved to a path under src/. */
function importsOf(module: string): { file: string; target: string }[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  return sourceFiles(join(SRC, module)).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(pattern)].map((match) => ({
      file: relative(SRC, file),
      target: relative(SRC, resolve(dirname(file), match[1] ?? match[2])).replace(/\.js$/, ''),
    }));
  });
}

/** The core's test fixtures are for specs, which may import them directly. */
const isFixture = (file: string, target: string) =>
  file.endsWith('.spec.ts') && target.startsWith('core/testing/');

function crossings(module: string, allowed: (target: string) => boolean) {
  return importsOf(module)
    .filter(
      ({ file, target }) => !target.startsWith(`${module}/`) && !allowed(target) && !isFixture(file, target),
    )
    .map(({ file, target }) => `${file} imports ${target}`);
}

// Each feature module talks to another only through the other's public face (its index.ts), and to
// the core only through the core's. Inventory knows nothing of orders at all.
describe('module boundaries', () => {
  it('sees the imports it checks (the scanner itself works)', () => {
    expect(importsOf('orders')).toContainEqual({
      file: join('orders', 'sagas', 'order-fulfilment.saga.ts'),
      target: join('inventory', 'index'),
    });
  });

  it('orders reaches inventory and the core only through their index.ts', () => {
    expect(crossings('orders', (target) => target === 'inventory/index' || target === 'core/index')).toEqual(
      [],
    );
  });

  it('inventory imports nothing of orders, and the core only through its index.ts', () => {
    expect(crossings('inventory', (target) => target === 'core/index')).toEqual([]);
  });

  it('the core imports no feature module', () => {
    expect(
      importsOf('core')
        .filter(({ target }) => !target.startsWith('core/'))
        .map(({ file, target }) => `${file} imports ${target}`),
    ).toEqual([]);
  });
});
