import { DataSource } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { CheckpointEntity } from '../projections/checkpoint.entity.js';
import { Checkpoints } from './checkpoints.js';

describe('Checkpoints', () => {
  let dataSource: DataSource;
  let checkpoints: Checkpoints;
  beforeEach(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: CORE_SCHEMAS.read.entities,
      migrations: CORE_SCHEMAS.read.migrations,
      migrationsRun: true,
    }).initialize();
    checkpoints = new Checkpoints(new TransactionRunner(dataSource), dataSource, CheckpointEntity);
  });
  afterEach(() => dataSource.destroy());

  it('moves only from where its runner left it, and never backwards', async () => {
    await dataSource.transaction((manager) => checkpoints.move(manager, 'p', 0, 5));
    await expect(dataSource.transaction((manager) => checkpoints.move(manager, 'p', 0, 7))).rejects.toThrow(
      'by another runner',
    );
    await expect(dataSource.transaction((manager) => checkpoints.move(manager, 'p', 5, 4))).rejects.toThrow(
      'cannot move back',
    );
    expect((await checkpoints.load('p'))?.position).toBe(5);
  });

  it('clears a failure it moves past, and keeps one move to one row', async () => {
    await dataSource.transaction((manager) => checkpoints.move(manager, 'p', 0, 5));
    await checkpoints.fail('p', 5, 8, 'Counted at position 8: no');
    await dataSource.transaction((manager) => checkpoints.move(manager, 'p', 5, 9));
    await dataSource.transaction((manager) => checkpoints.move(manager, 'q', 0, 2));
    expect(await checkpoints.load('p')).toMatchObject({ position: 9, failedPosition: null, lastError: null });
    expect([...(await checkpoints.all())].map(([name, row]) => [name, row.position])).toEqual([
      ['p', 9],
      ['q', 2],
    ]);
  });

  it('skips only the event it failed on', async () => {
    await dataSource.transaction((manager) => checkpoints.move(manager, 'p', 0, 5));
    await checkpoints.fail('p', 5, 8, 'Counted at position 8: no');
    for (const position of [7, 9]) {
      expect(await dataSource.transaction((manager) => checkpoints.skip(manager, 'p', position))).toBe(false);
    }
    expect(await dataSource.transaction((manager) => checkpoints.skip(manager, 'p', 8))).toBe(true);
    expect(await checkpoints.load('p')).toMatchObject({ position: 8, failedPosition: null, lastError: null });
    expect(await dataSource.transaction((manager) => checkpoints.skip(manager, 'p', 8))).toBe(false);
  });
});
