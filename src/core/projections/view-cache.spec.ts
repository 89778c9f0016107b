import { ChangedRows, ROWS_PER_VIEW, ViewCache } from './view-cache.js';

class ItemView {
  id!: string;
  count!: number;
}
class OtherView {
  id!: string;
}

/** A store of one view's rows that counts its reads; `read(id)` is the lookup the cache is given. */
function store(rows: Record<string, { id: string; count: number }>) {
  const counted = { reads: 0 };
  return {
    counted,
    rows,
    read: (id: string) => async () => {
      counted.reads += 1;
      return rows[id] ? { ...rows[id] } : undefined;
    },
  };
}

/** A read of `row` that answers once released (a read in flight while something else happens). */
function heldRead<Row>(row: Row) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return { read: () => released.then(() => row), release };
}

const changedRow = (view: typeof ItemView | typeof OtherView, key: string) => {
  const changed = new ChangedRows();
  changed.row(view, key);
  return changed;
};

describe('ViewCache', () => {
  it('reads the store every time while the view is not enabled (its projection runs elsewhere)', async () => {
    const cache = new ViewCache();
    const views = store({ a: { id: 'a', count: 1 } });
    await cache.row(ItemView, 'a', views.read('a'));
    views.rows.a.count = 2;
    expect(await cache.row(ItemView, 'a', views.read('a'))).toEqual({ id: 'a', count: 2 });
    expect(views.counted.reads).toBe(2);
  });

  it('keeps a row once enabled, frozen, until a batch that wrote it has ended', async () => {
    const cache = new ViewCache();
    cache.enable([ItemView]);
    const views = store({ a: { id: 'a', count: 1 }, b: { id: 'b', count: 5 } });
    const first = await cache.row(ItemView, 'a', views.read('a'));
    views.rows.a.count = 2;
    expect(await cache.row(ItemView, 'a', views.read('a'))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(views.counted.reads).toBe(1);

    await cache.row(ItemView, 'b', views.read('b'));
    cache.invalidate(changedRow(ItemView, 'a'));
    expect(await cache.row(ItemView, 'a', views.read('a'))).toEqual({ id: 'a', count: 2 });
    // Row b was not written: still kept.
    await cache.row(ItemView, 'b', views.read('b'));
    expect(views.counted.reads).toBe(3);
  });

  it('does not keep what a read found while a batch of the view ended: it may be older than the batch', async () => {
    const cache = new ViewCache();
    cache.enable([ItemView]);
    const views = store({ a: { id: 'a', count: 1 } });
    const held = heldRead({ id: 'a', count: 1 });
    const slow = cache.row(ItemView, 'a', held.read);
    // A batch wrote row a (to 2) and ended while the read above was in flight with the old row.
    views.rows.a.count = 2;
    cache.invalidate(changedRow(ItemView, 'a'));
    held.release();
    expect(await slow).toEqual({ id: 'a', count: 1 });
    expect(await cache.row(ItemView, 'a', views.read('a'))).toEqual({ id: 'a', count: 2 });
  });

  it('forgets every row of a view a handler wrote through the manager, and only of that view', async () => {
    const cache = new ViewCache();
    cache.enable([ItemView, OtherView]);
    const views = store({ a: { id: 'a', count: 1 } });
    await cache.row(ItemView, 'a', views.read('a'));
    await cache.row(OtherView, 'a', views.read('a'));
    const changed = new ChangedRows();
    changed.anywhere([ItemView]);
    cache.invalidate(changed);
    await cache.row(ItemView, 'a', views.read('a'));
    await cache.row(OtherView, 'a', views.read('a'));
    expect(views.counted.reads).toBe(3);
  });

  it('forgets everything when the view is disabled or enabled again, and never keeps a missing row', async () => {
    const cache = new ViewCache();
    cache.enable([ItemView]);
    const views = store({ a: { id: 'a', count: 1 } });
    await cache.row(ItemView, 'a', views.read('a'));
    cache.enable([ItemView]);
    await cache.row(ItemView, 'a', views.read('a'));
    cache.disable([ItemView]);
    cache.enable([ItemView]);
    await cache.row(ItemView, 'a', views.read('a'));
    expect(views.counted.reads).toBe(3);

    expect(await cache.row(ItemView, 'z', views.read('z'))).toBeUndefined();
    views.rows.z = { id: 'z', count: 9 };
    expect(await cache.row(ItemView, 'z', views.read('z'))).toEqual({ id: 'z', count: 9 });
  });

  it('a read that ends after its view was disabled keeps nothing', async () => {
    const cache = new ViewCache();
    cache.enable([ItemView]);
    const views = store({ a: { id: 'a', count: 1 } });
    const held = heldRead({ id: 'a', count: 1 });
    const slow = cache.row(ItemView, 'a', held.read);
    cache.disable([ItemView]);
    cache.enable([ItemView]);
    held.release();
    await slow;
    await cache.row(ItemView, 'a', views.read('a'));
    expect(views.counted.reads).toBe(1);
  });

  it(`keeps at most ${ROWS_PER_VIEW} rows of a view, the oldest going first`, async () => {
    const cache = new ViewCache();
    cache.enable([ItemView]);
    const rows: Record<string, { id: string; count: number }> = {};
    for (let index = 0; index <= ROWS_PER_VIEW; index++)
      rows[`k${index}`] = { id: `k${index}`, count: index };
    const views = store(rows);
    for (let index = 0; index <= ROWS_PER_VIEW; index++)
      await cache.row(ItemView, `k${index}`, views.read(`k${index}`));
    expect(views.counted.reads).toBe(ROWS_PER_VIEW + 1);
    await cache.row(ItemView, `k${ROWS_PER_VIEW}`, views.read(`k${ROWS_PER_VIEW}`));
    await cache.row(ItemView, 'k1', views.read('k1'));
    expect(views.counted.reads).toBe(ROWS_PER_VIEW + 1);
    await cache.row(ItemView, 'k0', views.read('k0'));
    expect(views.counted.reads).toBe(ROWS_PER_VIEW + 2);
  });
});
