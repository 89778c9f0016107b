import { addNamedImports, appendToArray } from '../../tools/generate/source-edits.js';

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

describe('addNamedImports', () => {
  it('merges names into an import Prettier wrapped, keeping type imports and skipping names already there', () => {
    const text = `import { Body } from '@nestjs/common';
import {
  ApiCommand,
  type CommandResult,
} from '../../core/index.js';

export class X {}`;
    expect(
      addNamedImports(text, ['IdParam', 'type CommandResult', 'ApiIdParam'], '../../core/index.js'),
    ).toBe(
      `import { Body } from '@nestjs/common';
import { ApiCommand, ApiIdParam, type CommandResult, IdParam } from '../../core/index.js';

export class X {}`,
    );
  });

  it('adds an import statement after the last one when nothing comes from that module yet', () => {
    expect(addNamedImports("import { A } from 'a';\n\nx();", ['B'], 'b')).toBe(
      "import { A } from 'a';\nimport { B } from 'b';\n\nx();",
    );
  });
});
