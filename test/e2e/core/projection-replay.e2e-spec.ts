import { ProcessorSupervisor, READ_STORE, ReadPositions, ReadTransactions } from '../../../src/core/index.js';
import { CheckpointEntity } from '../../../src/core/projections/checkpoint.entity.js';
import { InventoryItemDetailsView } from '../../../src/inventory/read-model/inventory-item-details.view.js';
import { InventoryListView } from '../../../src/inventory/read-model/inventory-list.view.js';
import { useTestApp } from '../../support/test-app.js';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';

describe('views rebuilt from the log', () => {
  const ctx = useTestApp();

  it('are identical, row for row, to the views built live', async () => {
    const ids: string[] = [];
    let last = { position: '0' };
    for (let index = 0; index < 25; index++) {
      const created = await ctx.api.createItem({ name: `Item ${index % 7}`, maxQty: index % 2 ? 100 : null });
      ids.push(created.id);
      last = await ctx.api.checkIn(created.id, index + 1);
      if (index % 3 === 0)
        last = (await ctx.api.post(`/inventory-items/${created.id}/remove`, { count: 1 })).body;
      if (index % 4 === 0)
        last = (await ctx.api.post(`/inventory-items/${created.id}/rename`, { name: `Renamed ${index}` }))
          .body;
      if (index % 5 === 0) last = (await ctx.api.post(`/inventory-items/${created.id}/deactivate`, {})).body;
    }
    const projections = ctx.testApp.app.get(ReadPositions);
    const processors = ctx.testApp.app.get(ProcessorSupervisor);
    const names = ['inventory-list', 'inventory-item-details'];
    await projections.waitFor(names, Number(last.position));

    const read = ctx.testApp.app.get<DataSource>(getDataSourceToken(READ_STORE));
    const snapshot = async () => ({
      list: await read.getRepository(InventoryListView).find({ order: { id: 'ASC' } }),
      details: await read.getRepository(InventoryItemDetailsView).find({ order: { id: 'ASC' } }),
    });
    const live = await snapshot();
    expect(live.details).toHaveLength(25);
    expect(live.list).toHaveLength(20);

    for (const name of names) await processors.running(name)?.stop();
    await ctx.testApp.app.get(ReadTransactions).run(async ({ manager }) => {
      await manager.clear(InventoryListView);
      await manager.clear(InventoryItemDetailsView);
      await manager.clear(CheckpointEntity);
    });
    for (const name of names) await processors.running(name)?.start();
    await projections.waitFor(names, Number(last.position));

    expect(await snapshot()).toEqual(live);
  });
});
