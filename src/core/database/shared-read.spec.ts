import { SharedRead } from './shared-read.js';

/** A head whose computations the test finishes by hand, each answering the log's head when it began. */
function controlledHead() {
  let log = 0;
  const pending: Array<() => void> = [];
  const read = () => {
    const seen = log;
    return new Promise<number>((resolve) => pending.push(() => resolve(seen)));
  };
  const head = new SharedRead(read, 'since-asked');
  const lowerBound = new SharedRead(read, 'in-flight');
  return {
    head,
    lowerBound,
    commit: () => (log += 1),
    computations: () => pending.length,
    finishNext: async () => {
      pending.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** Lets the microtasks queued so far run (a computation asked for in this turn begins). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedRead', () => {
  it('computes once for callers that ask together, after the last of them asked', async () => {
    const { head, commit, computations, finishNext } = controlledHead();
    const first = head.get();
    commit(); // a commit in the same turn, then the callers it wakes
    const woken = [head.get(), head.get()];
    expect(computations()).toBe(0);
    await settle();
    expect(computations()).toBe(1);
    await finishNext();
    expect(computations()).toBe(0);
    await expect(Promise.all([first, ...woken])).resolves.toEqual([1, 1, 1]);
  });

  it('never answers a caller from a computation that began before it asked', async () => {
    const { head, commit, computations, finishNext } = controlledHead();
    const early = head.get();
    await settle();
    commit(); // the commit that wakes the later callers lands while the first computation runs
    const late = [head.get(), head.get(), head.get()];
    expect(computations()).toBe(1);
    await finishNext();
    await expect(early).resolves.toBe(0);
    // The three late callers share the one computation that starts after the first one.
    expect(computations()).toBe(1);
    await finishNext();
    await expect(Promise.all(late)).resolves.toEqual([1, 1, 1]);
    expect(computations()).toBe(0);
  });

  it('starts afresh after a computation fails', async () => {
    let calls = 0;
    const head = new SharedRead(async () => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return 7;
    }, 'since-asked');
    const failed = head.get().catch((error: Error) => error.message);
    await settle();
    const next = head.get();
    await expect(failed).resolves.toBe('connection lost');
    await expect(next).resolves.toBe(7);
    await expect(head.get()).resolves.toBe(7);
    expect(calls).toBe(3);
  });

  it('in-flight: a caller joins the read under way (a lower bound that only grows)', async () => {
    const { lowerBound, commit, computations, finishNext } = controlledHead();
    const early = lowerBound.get();
    commit();
    const late = lowerBound.get();
    expect(computations()).toBe(1);
    await finishNext();
    await expect(Promise.all([early, late])).resolves.toEqual([0, 0]);
    expect(computations()).toBe(0);
  });
});
