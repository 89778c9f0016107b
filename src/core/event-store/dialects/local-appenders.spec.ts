import { EventEmitter } from 'node:events';
import type { Transaction } from '../../database/transaction-units.js';
import { LocalAppenders } from './local-appenders.js';

/** A pg connection to backend `pid`. */
const connection = (pid: number) => Object.assign(new EventEmitter(), { processID: pid });

/** A transaction whose end the test reports by hand. */
function transaction() {
  const ended: Array<(confirmed: boolean) => void> = [];
  const tx = {
    afterCommit: () => undefined,
    whenEnded: (callback: (confirmed: boolean) => void) => ended.push(callback),
  } as unknown as Transaction;
  return { tx, end: (confirmed: boolean) => ended.forEach((callback) => callback(confirmed)) };
}

const settled = async (promises: Array<Promise<void>> | undefined) =>
  Promise.race([
    Promise.all(promises ?? []).then(() => true),
    new Promise((resolve) => setTimeout(resolve, 20, false)),
  ]);

describe('LocalAppenders', () => {
  it('waits for the appends in flight when every listed backend is this process’s', async () => {
    const appenders = new LocalAppenders();
    const [first, second] = [transaction(), transaction()];
    appenders.add('pg://a', connection(11), first.tx);
    appenders.add('pg://a', connection(12), second.tx);
    const ends = appenders.endsOf('pg://a', [11, 12]);
    expect(ends).toHaveLength(2);
    first.end(true);
    expect(await settled(ends)).toBe(false);
    second.end(true);
    expect(await settled(ends)).toBe(true);
    // Both ended: a head that still lists them (read before their ends) has nothing to wait for.
    expect(appenders.endsOf('pg://a', [11, 12])).toEqual([]);
  });

  it('knows nothing of other processes’ backends, of other servers, or of closed connections', () => {
    const appenders = new LocalAppenders();
    const mine = connection(11);
    appenders.add('pg://a', mine, transaction().tx);
    expect(appenders.endsOf('pg://a', [11, 99])).toBeUndefined();
    expect(appenders.endsOf('pg://b', [11])).toBeUndefined();
    mine.emit('end');
    // The pid may now serve another process's connection: never answered from here again.
    expect(appenders.endsOf('pg://a', [11])).toBeUndefined();
  });

  it('gives up a backend whose transaction ended without the database confirming it', async () => {
    const appenders = new LocalAppenders();
    const lost = transaction();
    appenders.add('pg://a', connection(11), lost.tx);
    const ends = appenders.endsOf('pg://a', [11]);
    lost.end(false); // the connection went down during COMMIT: it may still commit
    expect(await settled(ends)).toBe(false);
    expect(appenders.endsOf('pg://a', [11])).toBeUndefined();
  });

  it('records a transaction once however often it takes the lock, and none that cannot report its end', () => {
    const appenders = new LocalAppenders();
    const backend = connection(11);
    const once = transaction();
    appenders.add('pg://a', backend, once.tx);
    const [end] = appenders.endsOf('pg://a', [11]) ?? [];
    appenders.add('pg://a', backend, once.tx);
    expect(appenders.endsOf('pg://a', [11])).toEqual([end]);
    appenders.add('pg://a', connection(12), { afterCommit: () => undefined } as unknown as Transaction);
    expect(appenders.endsOf('pg://a', [12])).toBeUndefined();
  });
});
