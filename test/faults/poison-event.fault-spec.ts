import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ProcessorStates, type ProcessorState, READ_STORE, ReadPositions } from '../../src/core/index.js';
import { CheckpointEntity } from '../../src/core/projections/checkpoint.entity.js';
import { Api, type CommandResult } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { STOCK_TALLY, StockTallyModule } from './support/stock-tally.module.js';

/**
 * A poison event: one that a projection cannot apply. That projection stops on it with status
 * failed and the error, its checkpoint right before the event; the other projections carry on;
 * nothing is skipped, not even across a restart; once the cause is fixed and the process restarted,
 * it resumes from where it stopped and applies the poison event and everything after it, once each.
 */
const stateOf = async (projections: ProcessorStates, name: string) =>
  (await projections.states()).find((state) => state.name === name) as ProcessorState;

const tally = (read: DataSource) =>
  read.query('SELECT position, item_id AS itemId, count FROM stock_tally ORDER BY position') as Promise<
    Array<{ position: number; itemId: string; count: number }>
  >;

/** Polls a condition (never a fixed sleep): a failure has no position to wait for. */
const failed = async (projections: ProcessorStates) => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await stateOf(projections, STOCK_TALLY);
    if (state.status === 'failed' || Date.now() > deadline) return state;
    await new Promise((done) => setTimeout(done, 20));
  }
};

describe('a poison event', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-poison-'));
  const INVENTORY = ['inventory-item-details', 'inventory-list'];
  let current: TestApp | undefined;

  const start = async (fixed: boolean) => {
    current = await createTestApp({ dataDir, imports: [StockTallyModule.register({ fixed })] });
    return {
      api: new Api(current.app),
      projections: current.app.get(ProcessorStates),
      read: current.app.get<DataSource>(getDataSourceToken(READ_STORE)),
    };
  };
  const stop = async () => {
    await current?.close({ keepData: true });
    current = undefined;
  };
  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops only the projection that cannot apply it, skips nothing, and resumes once fixed', async () => {
    // 1. The poison enters the log among ordinary events.
    let { api, projections, read } = await start(false);
    const item = await api.createItem({ name: 'Poisoned' });
    const other = await api.createItem({ name: 'Bystander' });
    const before = await api.checkIn(item.id, 5);
    const poison = await api.checkIn(item.id, 5000);
    const after: CommandResult[] = [await api.checkIn(item.id, 7), await api.checkIn(other.id, 3)];

    // 2. The tally stops right before it, says why, and keeps its checkpoint there.
    const stopped = await failed(projections);
    expect(stopped).toMatchObject({ status: 'failed', position: Number(before.position) });
    expect(stopped.lastError).toContain(`ItemsCheckedIn at position ${poison.position}`);
    expect(stopped.lastError).toMatch(/CHECK constraint/i);
    expect(await read.getRepository(CheckpointEntity).findOneBy({ name: STOCK_TALLY })).toMatchObject({
      position: Number(before.position),
      lastError: stopped.lastError,
    });
    expect(await tally(read)).toEqual([{ position: Number(before.position), itemId: item.id, count: 5 }]);
    // An operator sees the same in GET /projections.
    const listed = (await api.get('/projections')).body as Array<Record<string, unknown>>;
    expect(listed.find((state) => state.name === STOCK_TALLY)).toMatchObject({
      status: 'failed',
      position: before.position,
      lastError: stopped.lastError,
    });

    // 3. The other projections carry on, past the poison and beyond.
    const last = after[after.length - 1];
    await current!.app.get(ReadPositions).waitFor(INVENTORY, Number(last.position));
    expect((await api.item(item.id, last)).body).toMatchObject({ currentCount: 5012, version: 4 });
    expect((await api.item(other.id, last)).body).toMatchObject({ currentCount: 3 });
    const later = await api.checkIn(other.id, 4);
    expect((await api.item(other.id, later)).body).toMatchObject({ currentCount: 7 });
    after.push(later);
    expect(await stateOf(projections, STOCK_TALLY)).toMatchObject({
      status: 'failed',
      position: Number(before.position),
    });
    for (const name of INVENTORY)
      expect(await stateOf(projections, name)).toMatchObject({ status: 'running', lastError: null });
    await stop();

    // 4. A restart without the fix fails on the same event again: it is never skipped.
    ({ projections, read } = await start(false));
    expect(await failed(projections)).toMatchObject({
      status: 'failed',
      position: Number(before.position),
      lastError: stopped.lastError,
    });
    expect(await tally(read)).toHaveLength(1);
    await stop();

    // 5. Fixed and restarted: it resumes from its checkpoint and applies every event once.
    ({ projections, read } = await start(true));
    await current!.app.get(ReadPositions).waitFor([STOCK_TALLY], Number(later.position));
    expect(await stateOf(projections, STOCK_TALLY)).toMatchObject({ status: 'running', lastError: null });
    expect(await tally(read)).toEqual(
      [before, poison, ...after].map((result, index) => ({
        position: Number(result.position),
        itemId: result.id,
        count: [5, 5000, 7, 3, 4][index],
      })),
    );
    expect(await read.getRepository(CheckpointEntity).findOneBy({ name: STOCK_TALLY })).toMatchObject({
      position: Number(later.position),
      lastError: null,
    });
  }, 60_000);
});
