import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  CheckInItemsCommand,
  combineSchemas,
  CORE_SCHEMAS,
  CoreModule,
  CreateInventoryItemCommand,
  GetInventoryItemHistoryQuery,
  GetInventoryItemQuery,
  InsufficientStockError,
  INVENTORY_SCHEMAS,
  InventoryItemDetailsProjection,
  InventoryListProjection,
  InventoryModule,
  ListInventoryItemsQuery,
  loadConfig,
  ReadPositions,
  RemoveItemsCommand,
} from '../../../src/index.js';

/**
 * Another Nest application: it imports the core and InventoryModule from the library entry, keeps
 * its data where it chooses, and has no HTTP at all (an application context, not an application).
 */
function hostModule(folder: string) {
  @Module({
    imports: [
      CoreModule.forRoot({
        config: loadConfig({ DATA_DIR: folder, SQLITE_SYNCHRONOUS: 'NORMAL' }),
        schemas: combineSchemas(CORE_SCHEMAS, INVENTORY_SCHEMAS),
        dataSourceOptions: (name, defaults) =>
          defaults.type === 'better-sqlite3'
            ? { ...defaults, database: defaults.database.replace(/(\w+)\.sqlite$/, 'host-$1.sqlite') }
            : defaults,
      }),
      InventoryModule,
    ],
  })
  class HostModule {}
  return HostModule;
}

describe('a host application using the core and InventoryModule through the buses alone', () => {
  let folder: string;
  let host: INestApplicationContext;
  let commands: CommandBus;
  let queries: QueryBus;
  let projections: ReadPositions;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cqrs-host-'));
    host = await NestFactory.createApplicationContext(hostModule(folder), { logger: false });
    commands = host.get(CommandBus);
    queries = host.get(QueryBus);
    projections = host.get(ReadPositions);
  });
  afterAll(async () => {
    await host.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const waitForViews = (position: string) =>
    projections.waitFor(
      [InventoryItemDetailsProjection.projectionName, InventoryListProjection.projectionName],
      Number(position),
    );

  it('runs commands and reads its writes from the views', async () => {
    const id = randomUUID();
    const created = await commands.execute(new CreateInventoryItemCommand(id, 'Host widget', 10));
    expect(created).toEqual({ id, version: 1, position: expect.stringMatching(/^\d+$/) });
    const checkedIn = await commands.execute(new CheckInItemsCommand(id, 4));
    expect(checkedIn.version).toBe(2);

    await waitForViews(checkedIn.position);

    await expect(queries.execute(new GetInventoryItemQuery(id))).resolves.toEqual({
      id,
      name: 'Host widget',
      currentCount: 4,
      maxQty: 10,
      version: 2,
      active: true,
    });
    const list = await queries.execute(new ListInventoryItemsQuery(500, 0));
    expect(list.items).toContainEqual({ id, name: 'Host widget' });
    const history = await queries.execute(new GetInventoryItemHistoryQuery(id));
    expect(history.events.map((event) => event.type)).toEqual(['InventoryItemCreated', 'ItemsCheckedIn']);
  });

  it('gets the domain error itself, not an HTTP answer, when a rule refuses a command', async () => {
    const id = randomUUID();
    await commands.execute(new CreateInventoryItemCommand(id, 'Scarce', null));
    await expect(commands.execute(new RemoveItemsCommand(id, 1))).rejects.toBeInstanceOf(
      InsufficientStockError,
    );
  });

  it('keeps its stores where its own DataSource options say', () => {
    expect(existsSync(join(folder, 'host-write.sqlite'))).toBe(true);
    expect(existsSync(join(folder, 'host-read.sqlite'))).toBe(true);
    expect(existsSync(join(folder, 'write.sqlite'))).toBe(false);
  });
});
