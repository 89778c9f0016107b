import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import { StoreUnavailableError } from '../domain/store-unavailable.error.js';
import { ProcessedCommandEntity } from '../idempotency/processed-command.entity.js';
import { rawSqlite } from './raw-sqlite.js';
import { TransactionRunner } from './transaction-runner.js';

/**
 * Storage faults at COMMIT, injected through the driver so that they run on any machine (the real
 * full disk, on a small tmpfs, is test/faults/sqlite-disk-full.fault-spec.ts):
 * - SQLITE_FULL, after which SQLite has rolled the transaction back by itself (what it does when the
 *   WAL cannot grow at COMMIT),
 * - SQLITE_IOERR with the transaction still open, and
 * - SQLITE_READONLY (a file or filesystem that became read-only under a running server; the real one,
 *   read-only at start, is test/faults/sqlite-read-only.fault-spec.ts).
 * Either way every unit of the group fails with StoreUnavailableError, no transaction or savepoint
 * state is left behind, and the next commit is a real one: visible from another connection, and
 * still there after the store is closed and opened again.
 */

type Fault = 'full, rolled back by SQLite' | 'I/O error, transaction left open' | 'read-only file';

const row = (commandId: string) => ({
  commandId,
  fingerprint: 'f',
  result: '{}',
  refusal: null,
  processedAt: new Date(0).toISOString(),
});

const committed = async (store: DataSource) =>
  (await store.getRepository(ProcessedCommandEntity).find()).map((saved) => saved.commandId).sort();

/** Makes the next `count` COMMITs on `dataSource` fail with `fault`, as SQLite would. */
function failCommits(dataSource: DataSource, fault: Fault, count: number): void {
  const connection = rawSqlite(dataSource)!;
  // TypeORM caches its statements per query runner: COMMIT must be prepared again, through us.
  (dataSource.createQueryRunner() as unknown as { stmtCache: Map<string, unknown> }).stmtCache.clear();
  const prepare = connection.prepare.bind(connection);
  let left = count;
  connection.prepare = ((sql: string) => {
    const statement = prepare(sql);
    if (sql !== 'COMMIT') return statement;
    const run = statement.run.bind(statement);
    return {
      reader: false,
      run: (...parameters: unknown[]) => {
        if (left <= 0) return run(...parameters);
        left -= 1;
        if (fault === 'full, rolled back by SQLite') {
          connection.exec('ROLLBACK');
          throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
        }
        if (fault === 'read-only file')
          throw new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY');
        throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE');
      },
    };
  }) as unknown as typeof connection.prepare;
}

describe.each<Fault>(['full, rolled back by SQLite', 'I/O error, transaction left open', 'read-only file'])(
  'TransactionRunner on SQLite when COMMIT fails (%s)',
  (fault) => {
    let folder: string;
    let file: string;
    let dataSource: DataSource;
    let reader: DataSource;
    let runner: TransactionRunner;

    const insert = (id: string) =>
      runner.run(async ({ manager }) => {
        await manager.insert(ProcessedCommandEntity, row(id));
        return id;
      });
    const state = () => {
      const queryRunner = dataSource.createQueryRunner() as unknown as {
        isTransactionActive: boolean;
        transactionDepth: number;
      };
      return {
        typeorm: { active: queryRunner.isTransactionActive, depth: queryRunner.transactionDepth },
        sqliteInTransaction: rawSqlite(dataSource)!.inTransaction,
      };
    };
    const clean = { typeorm: { active: false, depth: 0 }, sqliteInTransaction: false };

    beforeEach(async () => {
      folder = mkdtempSync(join(tmpdir(), 'tx-faults-'));
      file = join(folder, 'store.sqlite');
      const options = {
        type: 'better-sqlite3' as const,
        database: file,
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
      if (dataSource.isInitialized) await dataSource.destroy();
      rmSync(folder, { recursive: true, force: true });
    });

    it('fails every unit of the group, leaves no transaction state, and the next commit is real', async () => {
      await insert('before');
      failCommits(dataSource, fault, 1);
      const group = await Promise.allSettled(['g1', 'g2', 'g3', 'g4'].map(insert));
      for (const outcome of group) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
      }
      expect(state()).toEqual(clean);
      expect(runner.commitFault?.reason).toMatch(/SQLITE_(FULL|IOERR|READONLY)/);

      expect(await Promise.all(['after1', 'after2'].map(insert))).toEqual(['after1', 'after2']);
      expect(state()).toEqual(clean);
      expect(runner.commitFault).toBeUndefined();
      // Another connection sees exactly what was acknowledged, and so does a fresh open of the file.
      expect(await committed(reader)).toEqual(['after1', 'after2', 'before']);
      await dataSource.destroy();
      const reopened = await new DataSource({
        type: 'better-sqlite3',
        database: file,
        entities: CORE_SCHEMAS.write.entities,
      }).initialize();
      expect(await committed(reopened)).toEqual(['after1', 'after2', 'before']);
      await reopened.destroy();
    });

    it('fails a group of one the same way, and keeps refusing while the fault lasts', async () => {
      failCommits(dataSource, fault, 3);
      for (const id of ['a', 'b', 'c']) {
        await expect(insert(id)).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(state()).toEqual(clean);
      }
      await expect(insert('d')).resolves.toBe('d');
      expect(await committed(reader)).toEqual(['d']);
    });

    it('never answers a unit after a failed commit as if it had committed (20 groups, every other one failing)', async () => {
      const acknowledged: string[] = [];
      for (let round = 0; round < 20; round += 1) {
        if (round % 2 === 0) failCommits(dataSource, fault, 1);
        const ids = [0, 1, 2].map((unit) => `r${round}u${unit}`);
        const outcomes = await Promise.allSettled(ids.map(insert));
        outcomes.forEach((outcome, index) => outcome.status === 'fulfilled' && acknowledged.push(ids[index]));
      }
      expect(acknowledged).toHaveLength(30);
      expect(await committed(reader)).toEqual(acknowledged.sort());
    });
  },
);
