import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Client } from 'pg';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { CORE_SCHEMAS } from '../../src/core/core.schemas.js';
import { bigintAsNumber } from '../../src/core/database/column-types.js';
import { defer } from '../../src/core/database/postgres-lazy-begin.js';
import { TransactionRunner } from '../../src/core/database/transaction-runner.js';
import { DomainEvent } from '../../src/core/domain/domain-event.js';
import { CheckpointMoved } from '../../src/core/processors/checkpoint-moved.js';
import { CheckpointTracker } from '../../src/core/processors/checkpoint-tracker.js';
import { Checkpoints } from '../../src/core/processors/checkpoints.js';
import { CheckpointEntity } from '../../src/core/projections/checkpoint.entity.js';
import { Projection } from '../../src/core/projections/projection.js';
import { recordedAt } from '../../src/core/testing/processor-fixtures.js';
import { postgresSchema, type PostgresSchema, testDatabaseUrl } from '../support/postgres-schema.js';

/** A view with a column of every kind a view is likely to hold. */
@Entity('specimens')
class Specimen {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id: string;
  @Column({ type: 'text' })
  label: string;
  @Column({ type: 'integer' })
  count: number;
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  big: number;
  @Column({ type: 'double precision' })
  ratio: number;
  @Column({ type: 'numeric', precision: 12, scale: 4 })
  price: string;
  @Column({ type: 'boolean' })
  flag: boolean;
  @Column({ type: 'simple-json' })
  shape: unknown;
  @Column({ type: 'jsonb' })
  payload: unknown;
  @Column({ type: 'timestamptz' })
  at: Date;
  @Column({ type: 'date' })
  day: string;
  @Column({ type: 'text', array: true })
  tags: string[];
  @Column({ type: 'bytea' })
  raw: Buffer;
  @Column({ type: 'varchar', length: 50, nullable: true })
  note: string | null;
}

/** Every column but the key, with what a literal must survive: quotes, backslashes, `$1`, a COMMIT. */
const values = (): Omit<Specimen, 'id'> => ({
  label: `it's "quoted", a back\\slash \\' E'\\x00', $1 and $$dollars$$; COMMIT; -- ünï ✓ 🚀\nline two`,
  count: -2147483648,
  big: 2 ** 40 + 7,
  ratio: 0.1 + 0.2,
  price: '12345678.1234',
  flag: false,
  shape: { name: "O'Brien", nested: { list: [1, 'two', null], back: '\\' } },
  payload: { quote: '"', emoji: '🚀', deep: { n: 1.5, ok: true } },
  at: new Date('2026-12-01T14:03:04.567Z'),
  day: '2026-02-28',
  tags: ['plain', 'with space', 'with,comma', 'with "quote"', 'back\\slash', '{braces}', ''],
  raw: Buffer.from([0, 1, 2, 0x27, 0x5c, 0xff]),
  note: null,
});

class Created extends DomainEvent {
  static readonly type = 'SpecimenCreated';
  static readonly schemaVersion = 1;
}
class Relabelled extends DomainEvent {
  static readonly type = 'SpecimenRelabelled';
  static readonly schemaVersion = 1;
  constructor(readonly label: string) {
    super();
  }
}
class Removed extends DomainEvent {
  static readonly type = 'SpecimenRemoved';
  static readonly schemaVersion = 1;
}
/** Written by a handler through the manager itself, after the row rules before it. */
class Bumped extends DomainEvent {
  static readonly type = 'SpecimenBumped';
  static readonly schemaVersion = 1;
}
class Refused extends DomainEvent {
  static readonly type = 'SpecimenRefused';
  static readonly schemaVersion = 1;
}

class SpecimenProjection extends Projection {
  readonly name = 'specimens';
  readonly views = [Specimen];

  constructor() {
    super();
    this.rows(Specimen, ({ streamId }) => streamId)
      .insert(Created, (_, { streamId }) => ({ id: streamId, ...values() }))
      .update(Relabelled, (event) => ({ label: event.label, note: event.label.slice(0, 50) }))
      .delete(Removed);
    this.on(Bumped, (_, manager, { streamId }) =>
      manager.query('UPDATE specimens SET count = count + 7 WHERE id = $1', [streamId]),
    );
    this.on(Refused, () => Promise.reject(new Error('refused by the projection')));
  }
}

/**
 * A projector's batch on PostgreSQL (ViewTable, Checkpoints.move, postgres-lazy-begin.ts) is two
 * round trips: the BEGIN, the checkpoint's move and the read of the rows in one, the rows' writes
 * and the COMMIT in the other, its values written into the SQL as literals. The view must hold
 * exactly what the same batch writes with parameters, and the checkpoint's fence must hold.
 */
describe('projector batches on PostgreSQL', () => {
  let schema: PostgresSchema;
  let dataSource: DataSource;
  /** What the read store's runner is: begun with its first statement. */
  let lazy: TransactionRunner;
  /** Statements with parameters, one round trip each. */
  let plain: TransactionRunner;
  let position = 0;
  const projection = new SpecimenProjection();

  const tracker = (runner: TransactionRunner, name: string) =>
    new CheckpointTracker(name, new Checkpoints(runner, dataSource, CheckpointEntity));
  /** Commits a batch as a projector does, and answers how many times a pg client was asked to query. */
  async function batch(on: CheckpointTracker, ...events: Array<[string, DomainEvent]>): Promise<number> {
    const recorded = events.map(([streamId, event]) => recordedAt(streamId, event, ++position));
    const queries = jest.spyOn(Client.prototype, 'query');
    try {
      await on.commit(position, (manager) => projection.applyBatch(recorded, manager));
      return queries.mock.calls.length;
    } finally {
      queries.mockRestore();
    }
  }
  const stored = (id: string) => dataSource.manager.findOneBy(Specimen, { id });
  const checkpoint = async (name: string) =>
    (await dataSource.manager.findOneBy(CheckpointEntity, { name }))?.position;

  beforeAll(async () => {
    const url = testDatabaseUrl();
    if (!url) throw new Error('TEST_DATABASE_URL is not set: run with npm run test:postgres');
    schema = await postgresSchema(url, `projector-batches-${process.pid}`);
    dataSource = await new DataSource({
      type: 'postgres',
      url: schema.url,
      entities: [Specimen, ...CORE_SCHEMAS.read.entities],
      migrations: CORE_SCHEMAS.read.migrations,
      migrationsRun: true,
    }).initialize();
    // The view of this spec alone: its schema from SQL, as a migration would write it.
    await dataSource.query(`CREATE TABLE specimens (
      id varchar(100) PRIMARY KEY, label text NOT NULL, count integer NOT NULL, big bigint NOT NULL,
      ratio double precision NOT NULL, price numeric(12,4) NOT NULL, flag boolean NOT NULL,
      shape text NOT NULL, payload jsonb NOT NULL, at timestamptz NOT NULL, day date NOT NULL,
      tags text[] NOT NULL, raw bytea NOT NULL, note varchar(50))`);
    lazy = new TransactionRunner(dataSource, { beginWithFirstStatement: true });
    plain = new TransactionRunner(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await schema?.drop();
  });

  it('writes every kind of value as the same batch with parameters does', async () => {
    const [viaLiterals, viaParameters] = [randomUUID(), randomUUID()];
    const literals = tracker(lazy, `literals-${viaLiterals}`);
    await batch(literals, [viaLiterals, new Created()]);
    await batch(tracker(plain, `parameters-${viaParameters}`), [viaParameters, new Created()]);
    const [literal, parameter] = [await stored(viaLiterals), await stored(viaParameters)];
    expect({ ...literal, id: undefined }).toEqual({ ...parameter, id: undefined });
    expect(literal).toEqual({ id: viaLiterals, ...values(), price: '12345678.1234' });
    // Read back and rewritten (an update reads the row it changes): still the same values.
    const label = `O'Reilly's \\ "next" $2`;
    await batch(literals, [viaLiterals, new Relabelled(label)]);
    expect(await stored(viaLiterals)).toEqual({ ...values(), id: viaLiterals, label, note: label });
  });

  it('reads a key that needs quoting, and deletes by it', async () => {
    const id = `it's "odd" \\ ${randomUUID()}`;
    const on = tracker(lazy, `quoted-key-${randomUUID()}`);
    await batch(on, [id, new Created()], [id, new Relabelled('once')]);
    expect((await stored(id))?.label).toBe('once');
    await batch(on, [id, new Relabelled('twice')], [id, new Removed()]);
    expect(await stored(id)).toBeNull();
  });

  it('takes two round trips: BEGIN, the move and the read; the writes and the COMMIT', async () => {
    const name = `round-trips-${randomUUID()}`;
    const on = tracker(lazy, name);
    const [first, second] = [randomUUID(), randomUUID()];
    // The first move inserts the checkpoint's row (one more round trip: a processor's first batch).
    await batch(on, [first, new Created()]);
    expect(
      await batch(on, [second, new Created()], [first, new Relabelled('a')], [first, new Removed()]),
    ).toBe(2);
    expect(await stored(first)).toBeNull();
    expect((await stored(second))?.label).toBe(values().label);
    expect(await checkpoint(name)).toBe(position);
  });

  it('sends the rows written so far before a handler that uses the manager itself', async () => {
    const id = randomUUID();
    await batch(
      tracker(lazy, `handler-${id}`),
      [id, new Created()],
      [id, new Bumped()],
      [id, new Relabelled('after')],
    );
    expect(await stored(id)).toMatchObject({ count: values().count + 7, label: 'after' });
  });

  it('writes nothing of a batch whose checkpoint was moved elsewhere, and says where it is', async () => {
    const name = `fenced-${randomUUID()}`;
    const [mine, theirs] = [tracker(lazy, name), tracker(lazy, name)];
    const [kept, lost] = [randomUUID(), randomUUID()];
    await batch(mine, [kept, new Created()]);
    theirs.resetTo((await checkpoint(name))!);
    await batch(theirs, [kept, new Relabelled('theirs')]);
    const moved = batch(mine, [lost, new Created()], [kept, new Relabelled('mine')]);
    await expect(moved).rejects.toEqual(new CheckpointMoved(position - 2));
    expect(await stored(lost)).toBeNull();
    expect((await stored(kept))?.label).toBe('theirs');
    expect(await checkpoint(name)).toBe(position - 2);
  });

  it('fences a move without rows (an idle save) too, and saves a first one', async () => {
    const name = `idle-${randomUUID()}`;
    const [mine, theirs] = [tracker(lazy, name), tracker(lazy, name)];
    await mine.commit(5);
    expect(await checkpoint(name)).toBe(5);
    theirs.resetTo(5);
    await theirs.commit(9);
    await expect(mine.commit(12)).rejects.toEqual(new CheckpointMoved(9));
    expect(await checkpoint(name)).toBe(9);
    // A fenced move followed by writes alone: the move's check runs before they may go with the COMMIT.
    const marker = `marker-${randomUUID()}`;
    const insert = `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ('${marker}', 1, 'now')`;
    await expect(mine.commit(12, async (manager) => defer(manager, insert))).rejects.toEqual(
      new CheckpointMoved(9),
    );
    expect(await checkpoint(marker)).toBeUndefined();
    await theirs.commit(10, async (manager) => defer(manager, insert));
    expect(await checkpoint(marker)).toBe(1);
  });

  it('rolls back the rows a failed batch had written, and the next batch goes on', async () => {
    const name = `refused-${randomUUID()}`;
    const on = tracker(lazy, name);
    const [refused, next] = [randomUUID(), randomUUID()];
    await expect(batch(on, [refused, new Created()], [refused, new Refused()])).rejects.toThrow(
      'refused by the projection',
    );
    expect(await stored(refused)).toBeNull();
    expect(await checkpoint(name)).toBeUndefined();
    await batch(on, [next, new Created()]);
    expect(await stored(next)).not.toBeNull();
    expect(await checkpoint(name)).toBe(position);
  });
});
