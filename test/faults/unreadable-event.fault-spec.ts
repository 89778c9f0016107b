import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import {
  EventTypeRegistry,
  ProcessorStates,
  ReadPositions,
  WriteTransactions,
} from '../../src/core/index.js';
import { EventRecordEntity } from '../../src/core/event-store/event-record.entity.js';
import { ItemsCheckedInEvent } from '../../src/inventory/index.js';
import { Api } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * A poison event of another kind: one the projections cannot even read back, because it was written
 * in a schema version that no upcaster knows (an older release's `{ itemId, quantity }`). The
 * projections that read its type stop on it, failed and saying why; the others carry on; once an
 * upcaster is deployed (the fix) and the process restarted, they resume and apply it.
 */

/** The fix: the upcaster that release forgot. */
@Module({})
class CheckInUpcasterModule {
  constructor(registry: EventTypeRegistry) {
    registry.register(ItemsCheckedInEvent, {
      0: ({ quantity, ...rest }) => ({ ...rest, count: quantity }),
    });
  }
}

const DETAILS = 'inventory-item-details';
const LIST = 'inventory-list';

async function stateOf(projections: ProcessorStates, name: string) {
  return (await projections.states()).find((state) => state.name === name);
}

/** Polls a condition (never a fixed sleep): a failure has no position to wait for. */
async function failedState(projections: ProcessorStates, name: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const state = await stateOf(projections, name);
    if (state?.status === 'failed' || Date.now() > deadline) return state;
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('an event the projections cannot read back', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cqrs-unreadable-'));
  let current: TestApp | undefined;

  afterAll(async () => {
    await current?.close({ keepData: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops the projections of its type on it, lets the others carry on, and resumes once upcast', async () => {
    current = await createTestApp({ dataDir });
    let api = new Api(current.app);
    let projections = current.app.get(ProcessorStates);
    const item = await api.createItem({ name: 'Old schema' });
    const before = await api.checkIn(item.id, 5);

    // What an older release wrote: the same type, schema version 0, another field name.
    const bad = await current.app.get(WriteTransactions).run(async ({ manager }) => {
      const inserted = await manager.insert(EventRecordEntity, {
        streamId: item.id,
        streamType: 'InventoryItem',
        version: 3,
        type: ItemsCheckedInEvent.type,
        schemaVersion: 0,
        data: JSON.stringify({ itemId: item.id, quantity: 6 }),
        eventId: '00000000-0000-4000-8000-000000000000',
        commandId: 'old-release',
        correlationId: 'old-release',
        causationId: 'old-release',
        occurredAt: new Date().toISOString(),
      });
      return Number(inserted.identifiers[0].position);
    });
    const other = await api.createItem({ name: 'Newer' });
    const afterwards = await api.checkIn(other.id, 2);

    const stopped = await failedState(projections, DETAILS);
    expect(stopped).toMatchObject({ status: 'failed', position: Number(before.position) });
    expect(stopped?.lastError).toContain(`ItemsCheckedIn at position ${bad}`);
    expect(stopped?.lastError).toContain('No upcaster for ItemsCheckedIn from schema version 0');
    // The list does not read check-ins: it carries on past the bad event.
    await current.app.get(ReadPositions).waitFor([LIST], Number(afterwards.position));
    expect(
      (await api.get('/inventory-items', { limit: 500, minPosition: afterwards.position })).body.items,
    ).toContainEqual({
      id: other.id,
      name: 'Newer',
    });
    expect(await stateOf(projections, LIST)).toMatchObject({ status: 'running', lastError: null });
    await current.close({ keepData: true });

    // The fix deployed, the process restarted: the details view resumes and applies it.
    current = await createTestApp({ dataDir, imports: [CheckInUpcasterModule] });
    api = new Api(current.app);
    projections = current.app.get(ProcessorStates);
    expect((await api.item(item.id, afterwards)).body).toMatchObject({ currentCount: 11, version: 3 });
    expect((await api.item(other.id, afterwards)).body).toMatchObject({ currentCount: 2, version: 2 });
    expect(await stateOf(projections, DETAILS)).toMatchObject({ status: 'running', lastError: null });
  }, 60_000);
});
