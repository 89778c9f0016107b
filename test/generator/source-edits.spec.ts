import { appendToArray } from '../../tools/generate/source-edits.js';

const ANCHOR = /imports: \[(?=\s*CoreModule\.forRoot)/;

describe('appendToArray', () => {
  it('appends to an array Prettier wrapped over several lines, with calls and a trailing comma', () => {
    const text = `imports: [
  CoreModule.forRoot({ config, schemas: [A, B] }),
  InventoryModule,
  OperationsModule.register(config),
],
controllers: [X],`;
    expect(appendToArray(text, ANCHOR, 'ShipmentsModule', 'app.module.ts')).toBe(
      `imports: [CoreModule.forRoot({ config, schemas: [A, B] }),
  InventoryModule,
  OperationsModule.register(config), ShipmentsModule],
controllers: [X],`,
    );
  });

  it('appends to a one-line array', () => {
    expect(appendToArray('imports: [CoreModule.forRoot(x), A];', ANCHOR, 'B', 'app.module.ts')).toBe(
      'imports: [CoreModule.forRoot(x), A, B];',
    );
  });

  it('fails loudly when the anchor is missing', () => {
    expect(() => appendToArray('imports: [A]', ANCHOR, 'B', 'app.module.ts')).toThrow(
      /app\.module\.ts: cannot find/,
    );
  });
});
