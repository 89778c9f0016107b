// pg's conversion of a parameter's value to what it sends (pg/lib/utils.js, untyped by @types/pg).
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): string | Buffer | null };
  export default utils;
}
