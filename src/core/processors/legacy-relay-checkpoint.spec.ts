import { DataSource } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { adoptLegacyRelayCheckpoint, LEGACY_RELAY } from './legacy-relay-checkpoint.js';
import { CreateReactorCheckpoints1764504000001 } from './migrations/1764504000001-create-reactor-checkpoints.js';
import { ReactorCheckpointEntity } from './reactor-checkpoint.entity.js';

describe('the upgrade from the event relay to one checkpoint per reactor', () => {
  let dataSource: DataSource;
  const rows = async () =>
    (await dataSource.manager.find(ReactorCheckpointEntity, { order: { name: 'ASC' } })).map(
      ({ name, position }) => ({ name, position }),
    );

  beforeEach(async () => {
    // The write store as the previous release left it: the relay's checkpoint at 42.
    const before = CORE_SCHEMAS.write.migrations.filter(
      (migration) => migration !== CreateReactorCheckpoints1764504000001,
    );
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: CORE_SCHEMAS.write.entities,
      migrations: before,
      migrationsRun: true,
    }).initialize();
    await dataSource.query(
      "INSERT INTO relay_checkpoints (name, position, updated_at) VALUES ('event-relay', 42, '2026-11-29T00:00:00.000Z')",
    );
    dataSource.setOptions({ migrations: CORE_SCHEMAS.write.migrations });
    await dataSource.buildMetadatas();
    await dataSource.runMigrations();
  });
  afterEach(() => dataSource.destroy());

  it("starts every reactor there is at the relay's position, once, and keeps a checkpoint a reactor has", async () => {
    expect(await rows()).toEqual([{ name: LEGACY_RELAY, position: 42 }]);
    await dataSource.manager.insert(ReactorCheckpointEntity, {
      name: 'already-moved',
      position: 50,
      updatedAt: new Date().toISOString(),
    });
    const writes = new TransactionRunner(dataSource);
    await adoptLegacyRelayCheckpoint(writes, ['order-fulfilment', 'event-bus', 'already-moved']);
    const adopted = [
      { name: 'already-moved', position: 50 },
      { name: 'event-bus', position: 42 },
      { name: 'order-fulfilment', position: 42 },
    ];
    expect(await rows()).toEqual(adopted);
    // A reactor added by a later release starts from 0, like a projection.
    await adoptLegacyRelayCheckpoint(writes, ['order-fulfilment', 'added-later']);
    expect(await rows()).toEqual(adopted);
  });
});
