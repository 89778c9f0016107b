import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The project's root, where README.md and the scripts it runs are. */
export const ROOT = resolve(import.meta.dirname ?? '.', '../..');

/** The README's first ```bash block after `marker`, as it is written (specs run what it shows). */
export function readmeBlockAfter(marker: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(marker);
  if (start < 0) throw new Error(`README.md has no "${marker}"`);
  const block = /```bash\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!block) throw new Error(`No \`\`\`bash block after "${marker}" in README.md`);
  return block[1];
}
