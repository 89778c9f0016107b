/** Small, checked edits of TypeScript sources: each one fails loudly when its anchor is missing. */

/** Index of the bracket that closes the one at `open`. */
function closing(text: string, open: number): number {
  const pairs: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char in pairs) stack.push(pairs[char]);
    else if (char === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** Appends `item` to the array literal that starts at the first match of `anchor` (which ends at its `[`). */
export function appendToArray(text: string, anchor: RegExp, item: string, file: string, from = 0): string {
  const match = anchor.exec(text.slice(from));
  if (!match) throw new Error(`${file}: cannot find ${anchor}`);
  const open = from + match.index + match[0].length - 1;
  if (text[open] !== '[') throw new Error(`${file}: ${anchor} must end at a "["`);
  const close = closing(text, open);
  const inside = text
    .slice(open + 1, close)
    .trim()
    .replace(/,$/, '');
  return `${text.slice(0, open + 1)}${inside ? `${inside}, ` : ''}${item}${text.slice(close)}`;
}

/** Adds an import after the last import statement. */
export function addImport(text: string, statement: string): string {
  if (text.includes(statement)) return text;
  const imports = [...text.matchAll(/^import[\s\S]*?from\s+'[^']+';$/gm)];
  const last = imports.at(-1);
  if (!last) return `${statement}\n${text}`;
  const end = last.index + last[0].length;
  return `${text.slice(0, end)}\n${statement}${text.slice(end)}`;
}

/** Inserts `member` into the class `className`, before the member that matches `before`, else at its end. */
export function addClassMember(
  text: string,
  className: string,
  member: string,
  before: RegExp,
  file: string,
): string {
  const start = new RegExp(`export (?:abstract )?class ${className}\\b[^{]*\\{`).exec(text);
  if (!start) throw new Error(`${file}: cannot find class ${className}`);
  const open = start.index + start[0].length - 1;
  const close = closing(text, open);
  const body = text.slice(open, close);
  const anchor = before.exec(body);
  const at = anchor ? open + anchor.index : close;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const position = anchor ? lineStart : at;
  return `${text.slice(0, position)}\n${member}\n${anchor ? '\n' : ''}${text.slice(position)}`;
}

/** `type Foo` -> `Foo`: the name an import binds. */
const bare = (name: string) => name.replace(/^type\s+/, '');

/** Adds `names` to the named imports from `from`, merged into its import statement if there is one. */
export function addNamedImports(text: string, names: readonly string[], from: string): string {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const existing = new RegExp(`^import \\{([^}]*)\\} from '${escaped}';$`, 'm').exec(text);
  if (!existing) return addImport(text, `import { ${[...names].sort().join(', ')} } from '${from}';`);
  const present = existing[1]
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const merged = [...present, ...names.filter((name) => !present.some((p) => bare(p) === bare(name)))];
  merged.sort((a, b) => bare(a).localeCompare(bare(b)));
  const statement = `import { ${merged.join(', ')} } from '${from}';`;
  return `${text.slice(0, existing.index)}${statement}${text.slice(existing.index + existing[0].length)}`;
}
