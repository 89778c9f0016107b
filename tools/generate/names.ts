/** Names derived from one PascalCase or kebab-case name, as the project spells each kind of file and symbol. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export const kebab = (name: string) => words(name).join('-');
export const snake = (name: string) => words(name).join('_');
export const constant = (name: string) => words(name).join('_').toUpperCase();
export const pascal = (name: string) =>
  words(name)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
export const camel = (name: string) => {
  const p = pascal(name);
  return p[0].toLowerCase() + p.slice(1);
};
/** "StockReserved" -> "Stock reserved", for doc comments. */
export const sentence = (name: string) => {
  const text = words(name).join(' ');
  return text[0].toUpperCase() + text.slice(1);
};

export function requirePascal(kind: string, name: string | undefined): string {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error(`${kind} must be a PascalCase name, e.g. ReserveStock; got "${name ?? ''}"`);
  }
  return name;
}

export function requireKebab(kind: string, name: string | undefined): string {
  if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
    throw new Error(`${kind} must be a kebab-case folder name, e.g. shipments; got "${name ?? ''}"`);
  }
  return name;
}
