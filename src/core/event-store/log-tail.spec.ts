import type { RecordedEvent } from '../domain/domain-event.js';
import type { EventRow } from './dialects/event-log-dialect.js';
import { LogTail } from './log-tail.js';

const TYPES = ['A', 'B', 'C'];

/** A log with gaps (rolled-back positions), of rows of three types; one of type C cannot be read back. */
function logOf(length: number): EventRow[] {
  const rows: EventRow[] = [];
  for (let position = 1; rows.length < length; position++) {
    if (position % 7 === 3) continue; // a position a rolled-back append took
    rows.push({ position, type: TYPES[(position * 5) % 3], data: '{}' } as EventRow);
  }
  return rows;
}

/** Events as the registry would make them; the row at position 13 cannot be read back. */
function recordedOf(row: EventRow): RecordedEvent {
  if (row.position === 13) throw new Error('unreadable');
  return { position: row.position, type: row.type } as RecordedEvent;
}

function setUp(log: EventRow[], capacity?: number) {
  const reads: Array<[number, number, number]> = [];
  const readRows = async (after: number, upTo: number, limit: number) => {
    reads.push([after, upTo, limit]);
    await new Promise((resolve) => setImmediate(resolve));
    return log.filter((row) => row.position > after && row.position <= upTo).slice(0, limit);
  };
  return { tail: new LogTail(readRows, recordedOf, capacity), reads };
}

/** What the database answers for the same read. */
function expected(log: EventRow[], after: number, upTo: number, limit: number, types?: string[]) {
  return log
    .filter((row) => row.position > after && row.position <= upTo && (!types || types.includes(row.type)))
    .slice(0, limit)
    .map((row) => row.position);
}

/** Offers rows as the event store does: the rows it inserted, and their positions. */
const offer = (tail: LogTail, rows: EventRow[]) =>
  tail.offer(
    rows,
    rows.map((row) => row.position),
  );

const positions = (events: RecordedEvent[] | undefined) => events?.map((event) => event.position);

describe('LogTail', () => {
  it('answers processors woken by the same commit with one read of the log', async () => {
    const log = logOf(40);
    const { tail, reads } = setUp(log);
    const head = log[19].position;
    const answers = await Promise.all([
      tail.read({ after: 14, upTo: head, limit: 100, types: ['A'] }),
      tail.read({ after: 14, upTo: head, limit: 100, types: ['B'] }),
      tail.read({ after: 16, upTo: head, limit: 100 }),
    ]);
    expect(answers.map(positions)).toEqual([
      expected(log, 14, head, 100, ['A']),
      expected(log, 14, head, 100, ['B']),
      expected(log, 16, head, 100),
    ]);
    expect(reads).toHaveLength(1);
  });

  it('answers what the database would, as the head moves and readers follow it', async () => {
    const log = logOf(3000);
    const { tail } = setUp(log, 500);
    const readers = [
      { after: 0, types: ['A'], limit: 100 },
      { after: 0, types: ['B', 'C'], limit: 20 },
      { after: 0, types: undefined, limit: 250 },
    ];
    const mismatches: unknown[] = [];
    let fromDatabase = 0;
    let reads = 0;
    let random = 1;
    const next = () => (random = (random * 48271) % 2147483647) / 2147483647;
    for (let head = 20; head < log.length; head += Math.floor(next() * 60)) {
      const upTo = log[head].position;
      for (const reader of readers) {
        reads += 1;
        const answer = await tail
          .read({ after: reader.after, upTo, limit: reader.limit, types: reader.types })
          .catch((error: Error) => error);
        const want = expected(log, reader.after, upTo, reader.limit, reader.types);
        if (answer instanceof Error) {
          // Only the unreadable row fails a read, and only a read of its type that reaches it.
          if (!want.includes(13)) mismatches.push({ head: upTo, reader, answer: answer.message, want });
          reader.after = 13;
          continue;
        }
        // Behind the tail, the caller reads the database (here: what it would answer).
        if (answer === undefined) fromDatabase += 1;
        else if (JSON.stringify(positions(answer)) !== JSON.stringify(want))
          mismatches.push({ head: upTo, reader, answer: positions(answer), want });
        reader.after = want.length < reader.limit ? upTo : want[want.length - 1];
      }
    }
    expect(mismatches).toEqual([]);
    expect(fromDatabase).toBeLessThan(reads / 4);
  });

  it('sends a reader that starts before it to the database', async () => {
    const log = logOf(100);
    const { tail } = setUp(log, 10);
    await tail.read({ after: 50, upTo: 90, limit: 100 });
    await expect(tail.read({ after: 49, upTo: 90, limit: 100 })).resolves.toBeUndefined();
    // Only the newest ten rows are held.
    await expect(tail.read({ after: 60, upTo: 90, limit: 100 })).resolves.toBeUndefined();
    const newest = await tail.read({
      after: log[log.findIndex((row) => row.position > 90) - 11].position,
      upTo: 90,
      limit: 100,
    });
    expect(newest).toHaveLength(10);
  });

  it('takes in the rows its process committed when they follow the range held', async () => {
    const log = logOf(40);
    const { tail, reads } = setUp(log);
    const head = log[19].position;
    await tail.read({ after: 13, upTo: head, limit: 100 });
    const committed = [head + 1, head + 2, head + 3].map((position) => ({ position, type: 'A', data: '{}' }));
    log.splice(20, log.length, ...(committed as EventRow[]));
    offer(tail, committed as EventRow[]);
    await expect(tail.read({ after: head, upTo: head + 3, limit: 100 }).then(positions)).resolves.toEqual([
      head + 1,
      head + 2,
      head + 3,
    ]);
    expect(reads).toHaveLength(1);
  });

  it('leaves to a read the rows that do not follow on, or that come before any reader', async () => {
    const log = logOf(40);
    const { tail, reads } = setUp(log);
    offer(tail, [log[0]]); // nothing is held yet: where the tail starts is the first reader's to say
    const head = log[19].position;
    await tail.read({ after: 13, upTo: head, limit: 100 });
    // A position between was taken by another writer (it is in the log, not offered).
    offer(tail, log.slice(21, 23));
    const upTo = log[22].position;
    await expect(tail.read({ after: head, upTo, limit: 100 }).then(positions)).resolves.toEqual(
      expected(log, head, upTo, 100),
    );
    expect(reads).toHaveLength(2);
    // Offered while a read of the same rows is under way: one copy of each.
    const reading = tail.read({ after: upTo, upTo: log[25].position, limit: 100 });
    offer(tail, log.slice(23, 26));
    await expect(reading.then(positions)).resolves.toEqual(expected(log, upTo, log[25].position, 100));
    await expect(
      tail.read({ after: head, upTo: log[25].position, limit: 100 }).then(positions),
    ).resolves.toEqual(expected(log, head, log[25].position, 100));
  });

  it('keeps only its newest rows as commits are offered', async () => {
    const log = logOf(200);
    const { tail } = setUp(log, 10);
    const start = log.findIndex((row) => row.position > 13);
    await tail.read({ after: 13, upTo: log[start].position, limit: 100 });
    // Offered one commit at a time; logOf skips positions, so rows after a gap are read instead.
    for (let index = start + 1; index < log.length; index++) {
      offer(tail, [log[index]]);
      const after = log[Math.max(start, index - 9)].position;
      const upTo = log[index].position;
      await expect(tail.read({ after, upTo, limit: 100 }).then(positions)).resolves.toEqual(
        expected(log, after, upTo, 100),
      );
    }
    await expect(
      tail.read({ after: log[150].position, upTo: log[199].position, limit: 100 }),
    ).resolves.toBeUndefined();
  });

  it('fails only the readers whose events include one that cannot be read back', async () => {
    const log = logOf(30);
    const { tail } = setUp(log);
    const unreadableType = log.find((row) => row.position === 13)?.type as string;
    const otherType = TYPES.find((type) => type !== unreadableType) as string;
    await expect(tail.read({ after: 0, upTo: 30, limit: 100, types: [unreadableType] })).rejects.toThrow(
      'unreadable',
    );
    await expect(tail.read({ after: 0, upTo: 30, limit: 100, types: [otherType] })).resolves.toHaveLength(
      expected(log, 0, 30, 100, [otherType]).length,
    );
  });
});
