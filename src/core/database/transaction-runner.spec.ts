import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import { ProcessedCommandEntity } from '../idempotency/processed-command.entity.js';
import { TransactionRunner } from './transaction-runner.js';

const row = (commandId: string) => ({
  commandId,
  fingerprint: 'f',
  result: '{}',
  refusal: null,
  processedAt: new Date(0).toISOString(),
});

describe('TransactionRunner on SQLite (group commit)', () => {
  let folder: string;
  let dataSource: DataSource;
  let reader: DataSource;
  let runner: TransactionRunner;

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'tx-runner-'));
    const options = {
      type: 'better-sqlite3' as const,
      database: join(folder, 'store.sqlite'),
      entities: CORE_SCHEMAS.write.entities,
      prepareDatabase: (db: { pragma(statement: string): unknown }) => void db.pragma('journal_mode = WAL'),
    };
    dataSource = new DataSource({
      ...options,
      migrations: CORE_SCHEMAS.write.migrations,
      migrationsRun: true,
    });
    await dataSource.initialize();
    reader = await new DataSource(options).initialize();
    runner = new TransactionRunner(dataSource);
  });
  afterEach(async () => {
    await reader.destroy();
    await dataSource.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs concurrent units of work one after the other, in the order they came', async () => {
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        runner.run(async ({ manager }) => {
          order.push(index);
          await manager.insert(ProcessedCommandEntity, row(`c${index}`));
          await new Promise((resolve) => setImmediate(resolve));
          order.push(index);
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 20 }, (_, index) => [index, index]).flat());
    expect(await dataSource.getRepository(ProcessedCommandEntity).count()).toBe(20);
  });

  it('runs each unit of a group in the async context of its caller, not of the one that began the group', async () => {
    const context = new AsyncLocalStorage<string>();
    const seen = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        context.run(`caller ${index}`, () =>
          runner.run(async () => {
            await Promise.resolve();
            return context.getStore();
          }),
        ),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 10 }, (_, index) => `caller ${index}`));
  });

  it('rolls back only the unit that failed, and rejects only its promise', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        runner.run(async ({ manager }) => {
          await manager.insert(ProcessedCommandEntity, row(`c${index}`));
          if (index === 4) throw new Error('refused');
          return index;
        }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      ...Array(4).fill('fulfilled'),
      'rejected',
      ...Array(5).fill('fulfilled'),
    ]);
    const ids = (await dataSource.getRepository(ProcessedCommandEntity).find()).map(
      (saved) => saved.commandId,
    );
    expect(ids.sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c5', 'c6', 'c7', 'c8', 'c9']);
  });

  it('answers only after the commit, and runs after-commit callbacks of successful units only', async () => {
    const committed: string[] = [];
    const visibleWhenAnswered = await Promise.allSettled(
      ['a', 'b', 'c'].map((name) =>
        runner
          .run(async ({ manager, afterCommit }) => {
            await manager.insert(ProcessedCommandEntity, row(name));
            afterCommit(() => committed.push(name));
            if (name === 'b') throw new Error('b fails');
          })
          // A second connection sees only committed rows.
          .then(() => reader.getRepository(ProcessedCommandEntity).existsBy({ commandId: name })),
      ),
    );
    expect(visibleWhenAnswered).toEqual([
      { status: 'fulfilled', value: true },
      { status: 'rejected', reason: new Error('b fails') },
      { status: 'fulfilled', value: true },
    ]);
    expect(committed.sort()).toEqual(['a', 'c']);
  });

  it('rolls back a unit that failed alone', async () => {
    await expect(
      runner.run(async ({ manager }) => {
        await manager.insert(ProcessedCommandEntity, row('alone'));
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect(await dataSource.getRepository(ProcessedCommandEntity).count()).toBe(0);
    await runner.run(({ manager }) => manager.insert(ProcessedCommandEntity, row('next')));
    expect(await dataSource.getRepository(ProcessedCommandEntity).count()).toBe(1);
  });
});
