import type { EventStore } from '../../src/core/index.js';
import { logFixture } from './support/log-fixture.js';

/** A consumer as every runner reads the log: up to the head it is given, after its checkpoint. */
class LogConsumer {
  readonly seen: number[] = [];

  constructor(
    private readonly eventStore: EventStore,
    private checkpoint: number,
  ) {}

  async poll(): Promise<void> {
    const head = await this.eventStore.headPosition();
    if (head <= this.checkpoint) return;
    const events = await this.eventStore.readLog({ after: this.checkpoint, upTo: head, limit: 10_000 });
    this.seen.push(...events.map((recorded) => recorded.position));
    this.checkpoint = head;
  }
}

/** A writer holding its transaction open a few milliseconds, so that commits interleave. */
const linger = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5));

describe('gap-safe log positions on PostgreSQL', () => {
  const pg = logFixture();

  it('runs on PostgreSQL', () => {
    expect(pg.log.options.type).toBe('postgres');
  });

  it('never lets a consumer pass a lower position that commits last', async () => {
    const consumer = new LogConsumer(pg.eventStore, await pg.eventStore.headPosition());

    // T2 gets its transaction id first (as a command that wrote a state row before appending).
    let secondMayAppend!: () => void;
    const secondAppends = new Promise<void>((resolve) => (secondMayAppend = resolve));
    let secondStarted!: () => void;
    const secondHasXid = new Promise<void>((resolve) => (secondStarted = resolve));
    const second = pg.writes.run(async (tx) => {
      await tx.manager.query('SELECT pg_current_xact_id()');
      secondStarted();
      await secondAppends;
      return (await pg.appendCreatedItem(tx)).position;
    });
    await secondHasXid;

    // T1 takes the lower position and stays open.
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstAppended!: (position: number) => void;
    const firstPosition = new Promise<number>((resolve) => (firstAppended = resolve));
    const first = pg.writes.run(async (tx) => {
      const { position } = await pg.appendCreatedItem(tx);
      firstAppended(position);
      await firstMayCommit;
      return position;
    });
    const lower = await firstPosition;

    // T2 takes a higher position and commits while T1 is still open.
    secondMayAppend();
    const higher = await second;
    expect(higher).toBeGreaterThan(lower);
    const committed = (await pg.log.query('SELECT position FROM event_log WHERE position = $1', [
      higher,
    ])) as unknown[];
    expect(committed).toHaveLength(1);

    // A consumer polls now: it must not move past T1's position. Given time to do so, T1 commits.
    const polled = consumer.poll();
    await Promise.race([polled, new Promise((resolve) => setTimeout(resolve, 300))]);
    commitFirst();
    expect(await first).toBe(lower);
    await polled;
    await consumer.poll();

    expect(consumer.seen).toEqual([lower, higher]);
  });

  it('delivers every event of many concurrent appends exactly once, in position order', async () => {
    const consumer = new LogConsumer(pg.eventStore, await pg.eventStore.headPosition());
    const load = { appending: true };
    const polling = (async () => {
      while (load.appending) await consumer.poll();
    })();
    // Transaction ids, positions and commits in shuffled orders: some writers get their transaction
    // id early, and all linger a little before and after appending.
    const positions = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        pg.writes.run(async (tx) => {
          if (index % 2 === 0) await tx.manager.query('SELECT pg_current_xact_id()');
          await linger();
          const { position } = await pg.appendCreatedItem(tx);
          await linger();
          return position;
        }),
      ),
    );
    load.appending = false;
    await polling;
    await consumer.poll();

    expect(consumer.seen).toEqual([...positions].sort((a, b) => a - b));
  });
});
