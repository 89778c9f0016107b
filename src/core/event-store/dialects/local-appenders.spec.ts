import type { Transaction } from '../../database/transaction-units.js';
import { LocalAppenders } from './local-appenders.js';

/** A transaction whose end the test reports by hand. */
function transaction() {
  const ended: Array<(confirmed: boolean) => void> = [];
  const tx = {
    afterCommit: () => undefined,
    whenEnded: (callback: (confirmed: boolean) => void) => ended.push(callback),
  } as unknown as Transaction;
  return { tx, end: (confirmed: boolean) => ended.forEach((callback) => callback(confirmed)) };
}

const settled = async (promise: Promise<unknown>) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(resolve, 20, false))]);

describe('LocalAppenders', () => {
  it('answers the ends of appends when every listed backend is this process’s', async () => {
    const appenders = new LocalAppenders();
    const first = transaction();
    const second = transaction();
    appenders.add('pg://a', 11, first.tx);
    appenders.add('pg://a', 12, second.tx);
    const ends = appenders.endsOf('pg://a', [11, 12]) as Array<Promise<void>>;
    expect(ends).toHaveLength(2);
    first.end(true);
    expect(await settled(Promise.all(ends))).toBe(false);
    second.end(true);
    expect(await settled(Promise.all(ends))).toBe(true);
  });

  it('knows nothing of other processes’ backends, of other servers, or of appends that ended', () => {
    const appenders = new LocalAppenders();
    const mine = transaction();
    appenders.add('pg://a', 11, mine.tx);
    expect(appenders.endsOf('pg://a', [11, 99])).toBeUndefined();
    expect(appenders.endsOf('pg://b', [11])).toBeUndefined();
    mine.end(true);
    // The pid may now run another process's transaction: never answered from here again.
    expect(appenders.endsOf('pg://a', [11])).toBeUndefined();
  });

  it('never settles the end of an append whose end the database did not confirm', async () => {
    const appenders = new LocalAppenders();
    const lost = transaction();
    appenders.add('pg://a', 11, lost.tx);
    const [end] = appenders.endsOf('pg://a', [11]) as Array<Promise<void>>;
    lost.end(false); // the connection went down during COMMIT: it may still commit
    expect(await settled(end)).toBe(false);
    expect(appenders.endsOf('pg://a', [11])).toBeUndefined();
  });

  it('records a transaction once, however often it takes the lock, and not one that cannot report its end', () => {
    const appenders = new LocalAppenders();
    const once = transaction();
    appenders.add('pg://a', 11, once.tx);
    const [end] = appenders.endsOf('pg://a', [11]) as Array<Promise<void>>;
    appenders.add('pg://a', 11, once.tx);
    expect(appenders.endsOf('pg://a', [11])?.[0]).toBe(end);
    appenders.add('pg://a', 12, { afterCommit: () => undefined } as unknown as Transaction);
    expect(appenders.endsOf('pg://a', [12])).toBeUndefined();
  });
});
