import { DataSource, Table, TableIndex, TableUnique } from 'typeorm';
import { ShadowTables } from './shadow-tables.js';

describe('ShadowTables', () => {
  let dataSource: DataSource;

  const schema = async () =>
    (await dataSource.query(
      "SELECT type, name, tbl_name AS tableName FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )) as { type: string; name: string; tableName: string }[];

  beforeEach(async () => {
    dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await dataSource.createQueryRunner().createTable(
      new Table({
        name: 'view_rows',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'code', type: 'varchar', length: '20' },
        ],
        indices: [new TableIndex({ name: 'ix_view_rows_name', columnNames: ['name', 'id'] })],
        uniques: [new TableUnique({ name: 'uq_view_rows_code', columnNames: ['code'] })],
      }),
    );
    await dataSource.query("INSERT INTO view_rows VALUES ('1', 'old', 'A')");
  });
  afterEach(() => dataSource.destroy());

  it('creates an empty copy with the same columns, keys and indexes under prefixed names', async () => {
    const tables = new ShadowTables(['view_rows']);
    await tables.create(dataSource.createQueryRunner());
    expect(await dataSource.query('SELECT * FROM rebuild__view_rows')).toEqual([]);
    const copy = (await dataSource.createQueryRunner().getTable('rebuild__view_rows'))!;
    expect(copy.columns.map((column) => column.name)).toEqual(['id', 'name', 'code']);
    expect(copy.primaryColumns.map((column) => column.name)).toEqual(['id']);
    expect(copy.indices.map((index) => index.name)).toEqual(['rebuild__ix_view_rows_name']);
    await dataSource.query("INSERT INTO rebuild__view_rows VALUES ('1', 'x', 'A')");
    await expect(dataSource.query("INSERT INTO rebuild__view_rows VALUES ('2', 'y', 'A')")).rejects.toThrow(
      /UNIQUE/,
    );
  });

  it('swaps the copy in: its rows under the live name, the live index names, the copy gone', async () => {
    const tables = new ShadowTables(['view_rows']);
    const queryRunner = dataSource.createQueryRunner();
    await tables.create(queryRunner);
    await dataSource.query("INSERT INTO rebuild__view_rows VALUES ('2', 'new', 'B')");
    await queryRunner.startTransaction();
    await tables.swap(queryRunner);
    await queryRunner.commitTransaction();

    expect(await dataSource.query('SELECT * FROM view_rows')).toEqual([{ id: '2', name: 'new', code: 'B' }]);
    expect(await schema()).toEqual([
      { type: 'index', name: 'ix_view_rows_name', tableName: 'view_rows' },
      { type: 'table', name: 'view_rows', tableName: 'view_rows' },
    ]);
    await expect(dataSource.query("INSERT INTO view_rows VALUES ('3', 'z', 'B')")).rejects.toThrow(/UNIQUE/);
  });

  it('leaves the live table untouched when the swap is rolled back', async () => {
    const tables = new ShadowTables(['view_rows']);
    const queryRunner = dataSource.createQueryRunner();
    await tables.create(queryRunner);
    await queryRunner.startTransaction();
    await tables.swap(queryRunner);
    await queryRunner.rollbackTransaction();
    expect(await dataSource.query('SELECT id FROM view_rows')).toEqual([{ id: '1' }]);
    await tables.drop(queryRunner);
    expect((await schema()).map((entry) => entry.name)).toEqual(['ix_view_rows_name', 'view_rows']);
  });
});
