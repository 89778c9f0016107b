import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = process.cwd();
/** Each step runs tsc or Jest on a whole copy of the project. */
const SLOW = 180_000;

interface JestReport {
  testResults: {
    name: string;
    status: string;
    assertionResults: { status: string; failureMessages: string[] }[];
  }[];
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/**
 * The generator, run the way a developer runs it, into a copy of the project: every kind of piece,
 * in an existing module (inventory) and in a new one. The copy must type-check; the new specs must
 * fail on the missing behaviour, pass once it is written, and the new pieces must be reachable
 * through the buses of the real application.
 */
describe('npm run generate', () => {
  let copy: string;
  const generate = (...args: string[]) => {
    const result = run('node', ['--import', 'tsx', 'tools/generate/cli.ts', '--root', copy, ...args], ROOT);
    expect({ args, status: result.status, output: result.output }).toMatchObject({ status: 0 });
    return result.output;
  };
  const read = (file: string) => readFileSync(join(copy, file), 'utf8');
  const write = (file: string, text: string) => writeFileSync(join(copy, file), text);
  const jest = (pattern: string) => {
    const output = join(copy, 'jest-report.json');
    run(
      'node',
      [
        '--experimental-vm-modules',
        'node_modules/jest/bin/jest.js',
        '--json',
        `--outputFile=${output}`,
        pattern,
      ],
      copy,
    );
    const report = JSON.parse(readFileSync(output, 'utf8')) as JestReport;
    return Object.fromEntries(
      report.testResults.map((suite) => [
        suite.name.slice(copy.length + 1),
        {
          status: suite.status,
          failures: suite.assertionResults.flatMap((assertion) => assertion.failureMessages).join('\n'),
        },
      ]),
    );
  };

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'cqrs-generate-'));
    for (const entry of [
      'src',
      'test/support',
      'tsconfig.json',
      'package.json',
      '.prettierrc',
      '.oxlintrc.json',
      'jest.config.js',
    ]) {
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    writeFileSync(
      join(copy, 'tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { noEmit: true },
        include: ['src', 'test'],
      }),
    );
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it(
    'generates every kind of piece, wired in, and the result compiles',
    () => {
      generate('module', 'shipments', '--aggregate', 'Shipment');
      generate(
        'command',
        'shipments',
        'DispatchShipment',
        '--event',
        'ShipmentDispatched',
        '--fields',
        'carrier:string',
      );
      generate('event', 'shipments', 'ShipmentDelayed', '--fields', 'days:number');
      generate('projection', 'shipments', 'ShipmentSummary');
      generate('query', 'shipments', 'GetShipmentSummary', '--view', 'ShipmentSummary');
      const output = generate(
        'command',
        'inventory',
        'WriteOffStock',
        '--event',
        'StockWrittenOff',
        '--fields',
        'quantity:number',
      );
      generate('projection', 'inventory', 'LowStock');

      expect(output).toContain('created  src/inventory/commands/write-off-stock.handler.spec.ts');
      expect(read('src/app.module.ts')).toMatch(
        /imports: \[\s*CoreModule\.forRoot\([^\]]*ShipmentsModule,?\s*\]/,
      );
      expect(read('src/database-schemas.ts')).toContain('SHIPMENTS_SCHEMAS]');
      expect(read('src/index.ts')).toContain("export * from './shipments/index.js';");
      expect(read('src/inventory/inventory.module.ts')).toMatch(/WriteOffStockHandler,?\s*\]/);
      expect(read('src/inventory/events/inventory-events.ts')).toMatch(/StockWrittenOffEvent,?\s*\]/);
      expect(read('src/shipments/events/shipments-events.ts')).toMatch(/ShipmentDelayedEvent,?\s*\]/);
      expect(read('src/inventory/inventory.schemas.ts')).toMatch(/migrations: \[[^\]]*CreateLowStock\d+\]/);
      expect(read('src/shipments/index.ts')).toContain('GetShipmentSummaryQuery, type ShipmentSummaryResult');
      // The HTTP side: a controller per side (each role serves its own), in app.module.ts's lists.
      expect(read('src/app.module.ts')).toMatch(
        /COMMAND_CONTROLLERS[^=]*= \[[^\]]*ShipmentsCommandsController/,
      );
      expect(read('src/app.module.ts')).toMatch(/QUERY_CONTROLLERS[^=]*= \[[^\]]*ShipmentsQueriesController/);
      expect(read('src/shipments/http/shipments-commands.controller.ts')).toContain(
        "@Post(':id/dispatch-shipment')",
      );
      expect(read('src/shipments/http/shipments-queries.controller.ts')).toContain(
        "@Get(':id/shipment-summary')",
      );
      expect(read('src/inventory/http/inventory-commands.controller.ts')).toContain(
        "@Post(':id/write-off-stock')",
      );
      expect(read('src/shipments/http/dto/dispatch-shipment.request.ts')).toContain('@TrimmedText(1, 1000)');

      const tsc = run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.generated.json'], copy);
      expect(tsc).toEqual({ status: 0, output: expect.any(String) });
    },
    SLOW,
  );

  it(
    'fails the new specs on the behaviour they describe, until it is written',
    () => {
      const results = jest('src/(shipments|inventory)');
      expect(results['src/inventory/commands/write-off-stock.handler.spec.ts'].status).toBe('failed');
      expect(results['src/inventory/commands/write-off-stock.handler.spec.ts'].failures).toMatch(
        /toStrictEqual[\s\S]*StockWrittenOffEvent[\s\S]*\+ Array \[\]/,
      );
      expect(results['src/shipments/commands/dispatch-shipment.handler.spec.ts'].failures).toMatch(
        /ShipmentDispatchedEvent[\s\S]*\+ Array \[\]/,
      );
      for (const projection of [
        'src/inventory/read-model/low-stock.projection.spec.ts',
        'src/shipments/read-model/shipment-summary.projection.spec.ts',
      ]) {
        expect(results[projection].failures).toMatch(/Expected: \{"id": "[0-9a-f-]+"\}\s+Received: null/);
      }
      // What the generator can write whole, it does: its specs pass.
      expect(results['src/shipments/domain/shipment.aggregate.spec.ts'].status).toBe('passed');
      expect(results['src/shipments/queries/get-shipment-summary.handler.spec.ts'].status).toBe('passed');
    },
    SLOW,
  );

  it(
    'passes them once the behaviour is written, and serves the new pieces through the buses',
    () => {
      implement(
        'src/inventory/domain/inventory-item.aggregate.ts',
        'writeOffStock(quantity: number): void {}',
        {
          code: 'writeOffStock(quantity: number): void { this.apply(new StockWrittenOffEvent(this.id, quantity)); }',
          importLine: "import { StockWrittenOffEvent } from '../events/stock-written-off.event.js';",
        },
      );
      implement('src/shipments/domain/shipment.aggregate.ts', 'dispatchShipment(carrier: string): void {}', {
        code: 'dispatchShipment(carrier: string): void { this.apply(new ShipmentDispatchedEvent(this.id, carrier)); }',
        importLine: "import { ShipmentDispatchedEvent } from '../events/shipment-dispatched.event.js';",
      });
      for (const [file, view, event, eventFile, idField] of [
        [
          'src/inventory/read-model/low-stock.projection.ts',
          'LowStockView',
          'InventoryItemCreatedEvent',
          'inventory-item-created',
          'itemId',
        ],
        [
          'src/shipments/read-model/shipment-summary.projection.ts',
          'ShipmentSummaryView',
          'ShipmentCreatedEvent',
          'shipment-created',
          'shipmentId',
        ],
      ]) {
        implement(file, `readonly views = [${view}];`, {
          code: `readonly views = [${view}];\n\n  constructor() {\n    super();\n    this.rows(${view}, ({ streamId }) => streamId).insert(${event}, (event) => ({ id: event.${idField} }));\n  }`,
          importLine: `import { ${event} } from '../events/${eventFile}.event.js';`,
        });
      }
      write(
        'test/generated.e2e-spec.ts',
        `import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import request from 'supertest';
import { ProcessorSupervisor, ReadPositions } from '../src/core/index.js';
import { CreateInventoryItemCommand, WriteOffStockCommand } from '../src/inventory/index.js';
import { CreateShipmentCommand, DispatchShipmentCommand, GetShipmentSummaryQuery, ShipmentSummaryProjection } from '../src/shipments/index.js';
import { createTestApp } from './support/test-app.js';

it('serves the generated pieces through the buses of the application', async () => {
  const testApp = await createTestApp();
  try {
    const commands = testApp.app.get(CommandBus);
    const itemId = randomUUID();
    await commands.execute(new CreateInventoryItemCommand(itemId, 'Widget', null));
    await expect(commands.execute(new WriteOffStockCommand(itemId, 2))).resolves.toMatchObject({ version: 2 });
    const shipmentId = randomUUID();
    await commands.execute(new CreateShipmentCommand(shipmentId));
    const dispatched = await commands.execute(new DispatchShipmentCommand(shipmentId, 'Acme'));
    expect(dispatched.version).toBe(2);
    const projections = testApp.app.get(ReadPositions);
    expect(testApp.app.get(ProcessorSupervisor).names()).toEqual(expect.arrayContaining(['low-stock', 'shipment-summary']));
    await projections.waitFor([ShipmentSummaryProjection.projectionName], Number(dispatched.position));
    await expect(testApp.app.get(QueryBus).execute(new GetShipmentSummaryQuery(shipmentId))).resolves.toEqual({ id: shipmentId });
  } finally {
    await testApp.close();
  }
});

it('answers the generated routes over HTTP, validates their bodies and documents them', async () => {
  const testApp = await createTestApp();
  try {
    const http = request(testApp.app.getHttpServer());
    const created = await http.post('/shipments').send({}).expect(201);
    const id = created.body.id;
    const refused = await http.post(\`/shipments/\${id}/dispatch-shipment\`).send({ carrier: 5 }).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'carrier' }] });
    await http.post(\`/shipments/\${randomUUID()}/dispatch-shipment\`).send({ carrier: 'Acme' }).expect(404);
    const dispatched = await http.post(\`/shipments/\${id}/dispatch-shipment\`).send({ carrier: 'Acme' }).expect(200);
    expect(dispatched.body.version).toBe(2);
    const summary = await http.get(\`/shipments/\${id}/shipment-summary?minPosition=\${dispatched.body.position}\`).expect(200);
    expect(summary.body).toEqual({ id });
    await http.get(\`/shipments/\${randomUUID()}/shipment-summary\`).expect(404);
    const item = await http.post('/inventory-items').send({ name: 'Widget' }).expect(201);
    await http.post(\`/inventory-items/\${item.body.id}/write-off-stock\`).send({ quantity: 2 }).expect(200);
    const docs = await http.get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/shipments', '/shipments/{id}/dispatch-shipment', '/shipments/{id}/shipment-summary', '/inventory-items/{id}/write-off-stock']),
    );
  } finally {
    await testApp.close();
  }
});
`,
      );
      const results = jest('(src/(shipments|inventory)|test/generated)');
      const failed = Object.entries(results).filter(([, result]) => result.status !== 'passed');
      expect(failed).toEqual([]);
      expect(Object.keys(results)).toContain('test/generated.e2e-spec.ts');
      // Once written, the generated code meets the project's lint rules like any other.
      const lint = run(join(ROOT, 'node_modules/.bin/oxlint'), ['--deny-warnings', 'src', 'test'], copy);
      expect(lint).toEqual({ status: 0, output: expect.any(String) });
    },
    SLOW,
  );

  function implement(file: string, stub: string, o: { code: string; importLine: string }) {
    const text = read(file);
    const replaced = text.replace(stub, o.code);
    expect(replaced).not.toBe(text);
    write(file, `${o.importLine}\n${replaced}`);
  }
});
