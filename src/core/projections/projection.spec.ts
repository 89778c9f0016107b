import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { DomainEvent, type RecordedEvent } from '../domain/domain-event.js';
import { Projection } from './projection.js';
import { ChangedRows } from './view-cache.js';

@Entity('tally_rows')
class TallyRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'boolean' })
  open: boolean;
}

class Opened extends DomainEvent {
  static readonly type = 'Opened';
  static readonly schemaVersion = 1;
}
class Added extends DomainEvent {
  static readonly type = 'Added';
  static readonly schemaVersion = 1;
  constructor(readonly amount: number) {
    super();
  }
}
class Doubled extends DomainEvent {
  static readonly type = 'Doubled';
  static readonly schemaVersion = 1;
}
class Closed extends DomainEvent {
  static readonly type = 'Closed';
  static readonly schemaVersion = 1;
}

/** Row rules for most events; Doubled is a handler that writes through the manager itself. */
class TallyProjection extends Projection {
  readonly name = 'tally';
  readonly views = [TallyRow];

  constructor() {
    super();
    this.rows(TallyRow, ({ streamId }) => streamId)
      .insert(Opened, (_, { streamId }) => ({ id: streamId, total: 0, open: true }))
      .update(Added, (event, row) => ({ total: row.total + event.amount }))
      .delete(Closed);
    this.on(Doubled, (_, manager, { streamId }) =>
      manager.query('UPDATE tally_rows SET total = total * 2 WHERE id = ?', [streamId]),
    );
  }
}

describe('Projection rows()', () => {
  let dataSource: DataSource;
  let position = 0;
  const record = (streamId: string, event: DomainEvent): RecordedEvent => ({
    position: ++position,
    streamId,
    streamType: 'Tally',
    version: position,
    type: (event.constructor as unknown as { type: string }).type,
    schemaVersion: 1,
    event,
    metadata: {} as RecordedEvent['metadata'],
  });
  const applyNoting = (changed: ChangedRows | undefined, ...events: Array<[string, DomainEvent]>) =>
    dataSource.transaction((manager) =>
      new TallyProjection().applyBatch(
        events.map(([streamId, event]) => record(streamId, event)),
        manager,
        changed,
      ),
    );
  const apply = (...events: Array<[string, DomainEvent]>) => applyNoting(undefined, ...events);
  const rows = () => dataSource.getRepository(TallyRow).find({ order: { id: 'ASC' } });

  beforeEach(async () => {
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [TallyRow],
    }).initialize();
    // The view of this spec alone: the schema comes from SQL, as a migration would write it.
    await dataSource.query(
      'CREATE TABLE tally_rows (id varchar(36) PRIMARY KEY NOT NULL, total integer NOT NULL, open boolean NOT NULL)',
    );
  });
  afterEach(() => dataSource.destroy());

  it('folds a batch into the rows it touches, as the events one at a time would', async () => {
    await apply(['a', new Opened()], ['a', new Added(2)], ['b', new Opened()], ['a', new Added(3)]);
    await apply(['b', new Added(1)]);
    await apply(['b', new Added(1)], ['c', new Opened()], ['c', new Closed()], ['b', new Added(1)]);
    expect(await rows()).toEqual([
      { id: 'a', total: 5, open: true },
      { id: 'b', total: 3, open: true },
    ]);
  });

  it('writes the rows changed so far before a handler that uses the manager, and reads them again after it', async () => {
    await apply(['a', new Opened()], ['a', new Added(2)], ['a', new Doubled()], ['a', new Added(1)]);
    expect(await rows()).toEqual([{ id: 'a', total: 5, open: true }]);
  });

  it('changes and deletes nothing for a missing row, as an UPDATE or DELETE would', async () => {
    await apply(['a', new Added(2)], ['a', new Closed()]);
    expect(await rows()).toEqual([]);
  });

  it('fails the batch on an insert of a row that exists, as an INSERT would, and writes nothing of it', async () => {
    await apply(['a', new Opened()]);
    await expect(apply(['a', new Added(1)], ['a', new Opened()])).rejects.toThrow(
      /already has a row with key a/,
    );
    expect(await rows()).toEqual([{ id: 'a', total: 0, open: true }]);
  });

  it('notes the keys of the rows it writes or deletes, and every row of its views for a handler', async () => {
    await apply(['a', new Opened()], ['b', new Opened()]);
    const rules = new ChangedRows();
    await applyNoting(rules, ['a', new Added(1)], ['b', new Closed()], ['z', new Added(1)]);
    // z is missing: an update of it changes nothing, so nothing of it is noted.
    expect(rules.keys).toEqual(new Map([[TallyRow, new Set(['a', 'b'])]]));
    expect(rules.whole.size).toBe(0);

    const handler = new ChangedRows();
    await applyNoting(handler, ['a', new Doubled()]);
    expect([...handler.whole]).toEqual([TallyRow]);
  });

  it('deletes a row and inserts it again within one batch', async () => {
    await apply(['a', new Opened()], ['a', new Added(4)]);
    await apply(['a', new Closed()], ['a', new Opened()], ['a', new Added(1)]);
    expect(await rows()).toEqual([{ id: 'a', total: 1, open: true }]);
  });
});
