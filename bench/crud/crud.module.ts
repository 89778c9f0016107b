import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ItemsController } from './items.controller.js';
import { ItemsService } from './items.service.js';
import { READER, storeOptions } from './stores.js';

const sqlite = !process.env.DATABASE_URL;

@Module({
  imports: [
    TypeOrmModule.forRoot(storeOptions(process.env)),
    // SQLite in WAL mode: reads on a connection of their own never see a write transaction in flight.
    ...(sqlite ? [TypeOrmModule.forRoot(storeOptions(process.env, 'reader'))] : []),
  ],
  controllers: [ItemsController],
  providers: [
    ItemsService,
    { provide: READER, useExisting: getDataSourceToken(sqlite ? 'reader' : undefined) },
  ],
})
export class CrudModule {}
