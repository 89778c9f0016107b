import { createHash } from 'node:crypto';
import { WriteTransactions } from '../../../src/core/index.js';
import { ProcessedCommandsPruner } from '../../../src/core/idempotency/processed-commands-pruner.js';
import { ProcessedCommandEntity } from '../../../src/core/idempotency/processed-command.entity.js';
import { newId } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { Api } from '../../support/api.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Moves the record of a command `days` back in time, as if it had been processed then. */
async function age(app: TestApp, commandId: string, days: number): Promise<void> {
  const processedAt = new Date(Date.now() - days * DAY_MS).toISOString();
  await app.app
    .get(WriteTransactions)
    .run(({ manager }) => manager.update(ProcessedCommandEntity, { commandId }, { processedAt }));
}

async function recorded(app: TestApp): Promise<string[]> {
  const rows = await app.app
    .get(WriteTransactions)
    .run(({ manager }) => manager.find(ProcessedCommandEntity));
  return rows.map((row) => row.commandId);
}

describe('PROCESSED_COMMANDS_RETENTION_DAYS', () => {
  let current: TestApp | undefined;
  afterEach(() => current?.close());

  it('prunes Idempotency-Key records older than the retention, keeps newer ones and every saga step', async () => {
    current = await createTestApp({ processedCommandsRetentionDays: 30 });
    const api = new Api(current.app);
    const item = await api.createItem();
    const [oldKey, newKey] = [newId(), newId()];
    const checkIn = (key: string) =>
      api.post(`/inventory-items/${item.id}/check-in`, { count: 1 }, { 'Idempotency-Key': key });
    expect((await checkIn(oldKey)).body.version).toBe(2);
    expect((await checkIn(newKey)).body.version).toBe(3);
    // A saga step's record, as CausedCommands writes it: kept whatever its age.
    const sagaStep = `${newId()}:reserve-0`;
    await current.app.get(WriteTransactions).run(({ manager }) =>
      manager.insert(ProcessedCommandEntity, {
        commandId: sagaStep,
        fingerprint: sha256('step'),
        result: null,
        refusal: JSON.stringify({ category: 'not-found', code: 'X', message: 'x', details: {} }),
        processedAt: new Date().toISOString(),
      }),
    );
    await age(current, `idempotency:${sha256(oldKey)}`, 31);
    await age(current, `idempotency:${sha256(newKey)}`, 29);
    await age(current, sagaStep, 400);

    expect(await current.app.get(ProcessedCommandsPruner).prune()).toBe(1);
    expect(await recorded(current)).toEqual(
      expect.arrayContaining([`idempotency:${sha256(newKey)}`, sagaStep]),
    );
    expect(await recorded(current)).not.toContain(`idempotency:${sha256(oldKey)}`);
    // The trade-off: a retry within the retention answers the first answer, one after it runs again.
    expect((await checkIn(newKey)).body.version).toBe(3);
    expect((await checkIn(oldKey)).body.version).toBe(4);
  });

  it('prunes by itself when a process that takes commands starts (then hourly)', async () => {
    const first = await createTestApp({ processedCommandsRetentionDays: 30 });
    const api = new Api(first.app);
    const item = await api.createItem();
    const key = newId();
    await api.post(`/inventory-items/${item.id}/check-in`, { count: 1 }, { 'Idempotency-Key': key });
    await age(first, `idempotency:${sha256(key)}`, 31);
    await first.close({ keepData: true });

    current = await createTestApp({ processedCommandsRetentionDays: 30, dataDir: first.config.dataDir });
    const deadline = Date.now() + 10_000;
    while ((await recorded(current)).includes(`idempotency:${sha256(key)}`) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await recorded(current)).not.toContain(`idempotency:${sha256(key)}`);
  });

  it('keeps everything with 0', async () => {
    current = await createTestApp({ processedCommandsRetentionDays: 0 });
    const api = new Api(current.app);
    const item = await api.createItem();
    const key = newId();
    await api.post(`/inventory-items/${item.id}/check-in`, { count: 1 }, { 'Idempotency-Key': key });
    await age(current, `idempotency:${sha256(key)}`, 10_000);
    expect(await current.app.get(ProcessedCommandsPruner).prune()).toBe(0);
    expect(await recorded(current)).toContain(`idempotency:${sha256(key)}`);
  });
});
