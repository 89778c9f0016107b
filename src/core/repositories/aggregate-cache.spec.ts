import { AggregateCache } from './aggregate-cache.js';

class Item {}
const entry = (version: number) => ({ type: Item, version, state: `{"v":${version}}`, snapshotVersion: 0 });

describe('AggregateCache', () => {
  it('keeps the newest committed state, never an older one, and forgets the least recently used', () => {
    const cache = new AggregateCache(2);
    cache.set('a', entry(2));
    cache.set('a', entry(1));
    expect(cache.get('a')?.version).toBe(2);
    cache.set('b', entry(1));
    cache.get('a');
    cache.set('c', entry(1));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.version).toBe(2);
  });

  describe('a commit of this process under way (expect / settled)', () => {
    it('waits for it when it leaves the stream at the version asked for', async () => {
      const cache = new AggregateCache(10);
      let settle!: () => void;
      cache.expect('a', 3, new Promise<void>((resolve) => (settle = resolve)));
      let done = false;
      const waiting = cache.settled('a', 3, 1_000).then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(done).toBe(false);
      cache.set('a', entry(3));
      settle();
      await waiting;
      expect(cache.get('a')?.version).toBe(3);
    });

    it('does not wait for another version, an unknown stream, or one that has settled', async () => {
      const cache = new AggregateCache(10);
      const never = new Promise<void>(() => undefined);
      cache.expect('a', 3, never);
      const started = Date.now();
      await cache.settled('a', 4, 1_000);
      await cache.settled('b', 3, 1_000);
      cache.expect('c', 2, Promise.resolve());
      await new Promise((resolve) => setImmediate(resolve));
      await cache.settled('c', 2, 1_000);
      expect(Date.now() - started).toBeLessThan(500);
    });

    it('gives up after its patience when the commit never settles', async () => {
      const cache = new AggregateCache(10);
      cache.expect('a', 3, new Promise<void>(() => undefined));
      const started = Date.now();
      await cache.settled('a', 3, 30);
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    });
  });
});
