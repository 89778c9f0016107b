// A stranger's Nest application: it knows the package only by name, through its `exports` and types.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  combineSchemas,
  CORE_SCHEMAS,
  CoreModule,
  CreateInventoryItemCommand,
  GetInventoryItemQuery,
  INVENTORY_SCHEMAS,
  InventoryItemDetailsProjection,
  InventoryModule,
  loadConfig,
  newId,
  ReadPositions,
} from 'nest-cqrs-app';

const dataDir = mkdtempSync(join(tmpdir(), 'package-host-'));

@Module({
  imports: [
    CoreModule.forRoot({
      config: loadConfig({ DATA_DIR: dataDir }),
      schemas: combineSchemas(CORE_SCHEMAS, INVENTORY_SCHEMAS),
    }),
    InventoryModule,
  ],
})
class HostModule {}

const app = await NestFactory.createApplicationContext(HostModule, { logger: ['error'] });
try {
  const id = newId();
  const created = await app.get(CommandBus).execute(new CreateInventoryItemCommand(id, 'Packaged widget', 5));
  await app
    .get(ReadPositions)
    .waitFor([InventoryItemDetailsProjection.projectionName], Number(created.position));
  const item = await app.get(QueryBus).execute(new GetInventoryItemQuery(id));
  if (item.name !== 'Packaged widget' || item.maxQty !== 5 || item.version !== created.version) {
    throw new Error(`read back ${JSON.stringify(item)} after ${JSON.stringify(created)}`);
  }
  console.log(
    `host app: created ${id} at position ${created.position}, read back "${item.name}" v${item.version}`,
  );
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
