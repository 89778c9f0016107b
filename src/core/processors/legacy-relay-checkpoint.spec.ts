import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CORE_SCHEMAS } from '../core.schemas.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { adoptLegacyRelayCheckpoint, LEGACY_RELAY } from './legacy-relay-checkpoint.js';
import { CreateReactorCheckpoints1796047000001 } from './migrations/1796047000001-create-reactor-checkpoints.js';
import { ReactorCheckpointEntity } from './reactor-checkpoint.entity.js';

describe('the upgrade from the event relay to one checkpoint per reactor', () => {
  let dataSource: DataSource;
  let folder: string;
  const rows = async () =>
    (await dataSource.manager.find(ReactorCheckpointEntity, { order: { name: 'ASC' } })).map(
      ({ name, position }) => ({ name, position }),
    );

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cqrs-relay-upgrade-'));
    // The write store as the previous release left it: the relay's checkpoint at 42.
    const before = CORE_SCHEMAS.write.migrations.filter(
      (migration) => migration !== CreateReactorCheckpoints1796047000001,
    );
    const options = {
      type: 'better-sqlite3' as const,
      database: join(folder, 'write.sqlite'),
      migrationsRun: true,
    };
    const previous = await new DataSource({ ...options, entities: [], migrations: before }).initialize();
    await previous.query(
      "INSERT INTO relay_checkpoints (name, position, updated_at) VALUES ('event-relay', 42, '2026-11-29T00:00:00.000Z')",
    );
    await previous.destroy();
    // This release starts on it.
    dataSource = await new DataSource({ ...options, ...CORE_SCHEMAS.write }).initialize();
  });
  afterEach(async () => {
    await dataSource.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

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
