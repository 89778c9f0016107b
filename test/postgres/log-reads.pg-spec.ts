import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Client } from 'pg';
import { eventLogDialectOf } from '../../src/core/event-store/dialects/event-log-dialect-of.js';
import type { ReadLogOptions } from '../../src/core/event-store/event-store.js';
import { ProcessorSupervisor } from '../../src/core/index.js';
import { InventoryItemCreatedEvent, ItemsCheckedInEvent } from '../../src/inventory/index.js';
import { logFixture } from './support/log-fixture.js';

/**
 * A consumer's read of the log (readLog, what every processor and rebuild catching up asks for) on
 * PostgreSQL goes in windows of positions (portable-event-rows.ts): it must answer exactly what one
 * statement over the whole range would, across sparse types and holes wider than a window.
 */
describe('reading the log in windows on PostgreSQL', () => {
  const pg = logFixture();
  let first = 0;
  let holeFrom = 0;
  let head = 0;

  /** One item: `checkIns` check-ins, in appends of `perAppend`. */
  async function item(checkIns: number, perAppend: number): Promise<void> {
    const id = randomUUID();
    await pg.writes.run((tx) => pg.appendCreatedItem(tx, id));
    for (let version = 1; version <= checkIns; version += perAppend) {
      const events = Array.from(
        { length: Math.min(perAppend, checkIns - version + 1) },
        () => new ItemsCheckedInEvent(id, 1),
      );
      await pg.writes.run((tx) =>
        pg.eventStore.append(tx, {
          streamId: id,
          streamType: 'InventoryItem',
          expectedVersion: version,
          events,
        }),
      );
    }
  }

  /** What one statement over the whole range answers. */
  async function oneStatement({ after, upTo, limit, types }: ReadLogOptions): Promise<number[]> {
    const rows = (await pg.log.query(
      `SELECT position FROM event_log WHERE position > $1 AND position <= $2
        AND ($4::text[] IS NULL OR type = ANY($4::text[])) ORDER BY position LIMIT $3`,
      [after, upTo, limit, types ?? null],
    )) as { position: string }[];
    return rows.map((row) => Number(row.position));
  }

  const read = async (options: ReadLogOptions) =>
    (await eventLogDialectOf(pg.log.manager).readLog(pg.log.manager, options)).map((row) => row.position);

  beforeAll(async () => {
    first = await pg.eventStore.headPosition();
    for (let index = 0; index < 6; index++) await item(149, 50);
    // A rolled-back append of 1,500 events: a hole in the positions wider than the first windows.
    holeFrom = await pg.eventStore.headPosition();
    const id = randomUUID();
    await pg.writes
      .run(async (tx) => {
        await pg.eventStore.append(tx, {
          streamId: id,
          streamType: 'InventoryItem',
          expectedVersion: 0,
          events: [
            new InventoryItemCreatedEvent(id, 'Rolled back', null),
            ...Array.from({ length: 1_499 }, () => new ItemsCheckedInEvent(id, 1)),
          ],
        });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    for (let index = 0; index < 4; index++) await item(99, 100);
    head = await pg.eventStore.headPosition();
  });

  it('left a hole and sparse types to read across', async () => {
    expect(await oneStatement({ after: holeFrom, upTo: head, limit: 1 })).not.toEqual([holeFrom + 1]);
    expect(
      await oneStatement({ after: first, upTo: head, limit: 100, types: ['InventoryItemCreated'] }),
    ).toHaveLength(10);
  });

  it('answers what one statement over the whole range answers', async () => {
    const starts = [
      first,
      first + 1,
      first + 149,
      first + 601,
      holeFrom - 3,
      holeFrom,
      holeFrom + 700,
      head - 1,
    ];
    for (const limit of [1, 3, 50, 120, 500, 5_000]) {
      for (const types of [undefined, ['InventoryItemCreated'], ['ItemsCheckedIn', 'InventoryItemCreated']]) {
        for (const after of starts) {
          for (const upTo of [head, holeFrom + 2, after + 10]) {
            const options = { after, upTo: Math.min(upTo, head), limit, types };
            expect({ options, positions: await read(options) }).toEqual({
              options,
              positions: await oneStatement(options),
            });
          }
        }
      }
    }
  });

  it('spans at most four times the batch in one statement of a dense read far behind the head', async () => {
    // The processors read the log the same way: stopped, so that only this read is counted.
    const processors = pg.testApp.app.get(ProcessorSupervisor);
    for (const name of processors.names()) await processors.running(name)?.stop();
    const queries = jest.spyOn(Client.prototype, 'query');
    try {
      expect(await read({ after: first, upTo: head, limit: 50 })).toHaveLength(50);
      const ranges = queries.mock.calls
        .map(([config, values]) =>
          typeof config === 'string'
            ? { text: config, values: values as number[] }
            : (config as unknown as { text: string; values: number[] }),
        )
        .filter(({ text }) => /FROM event_log WHERE position > \$1 AND position <= \$2/.test(text))
        .map(({ values: [from, to] }) => to - from);
      expect(ranges).toEqual([200]);
    } finally {
      queries.mockRestore();
    }
  });
});
