import { Injectable } from '@nestjs/common';

/** A view's entity class: the cache's name for the view. */
export type ViewClass = abstract new () => object;

/** Rows kept per view: a bound on memory, not on correctness (the oldest stored goes first). */
export const ROWS_PER_VIEW = 10_000;

/**
 * What a projector's batch wrote: the keys of the rows it changed, per view, and the views it may
 * have changed anywhere (a handler that wrote through the manager itself).
 */
export class ChangedRows {
  readonly keys = new Map<ViewClass, Set<string>>();
  readonly whole = new Set<ViewClass>();

  row(view: ViewClass, key: string | number): void {
    let keys = this.keys.get(view);
    if (!keys) this.keys.set(view, (keys = new Set()));
    keys.add(String(key));
  }

  anywhere(views: readonly ViewClass[]): void {
    for (const view of views) this.whole.add(view);
  }
}

/** The rows kept of one view, and how many times they were invalidated. */
class KeptView {
  readonly rows = new Map<string, object>();
  generation = 0;
}

/**
 * Rows of views looked up by their primary key, kept in memory in the process that projects them,
 * so that a detail read is answered without a round trip to the read store (issues 13 and 14: on
 * PostgreSQL the round trip is half the CPU of a detail read). Decision 0300.
 *
 * A view's rows are kept only while its projection runs in this process (ProjectionWork enables it
 * when its runner starts from a checkpoint and disables it, forgetting every row, when the runner
 * stops): then nothing but this process's projector writes them, and it invalidates the rows of
 * each batch once its transaction has ended (committed or not), before the runner's position moves.
 * A row is therefore never older than the position this process reports for the view
 * (`X-Read-Position`, `?minPosition=`). A lookup that reads the store keeps what it read only if no
 * batch of that view ended during the read: such a batch may have changed the row after the read.
 * Elsewhere (a query process, a projector that lost its lease) every lookup reads the store.
 */
@Injectable()
export class ViewCache {
  private readonly views = new Map<ViewClass, KeptView>();

  /**
   * The row of `view` with primary key `key`: kept, or read by `read` (a lookup of exactly that row,
   * every column). Kept rows are frozen: the same object answers every caller.
   */
  async row<Row extends object>(
    view: ViewClass,
    key: string | number,
    read: () => Promise<Row | undefined>,
  ): Promise<Row | undefined> {
    const kept = this.views.get(view);
    if (!kept) return read();
    const hit = kept.rows.get(String(key));
    if (hit) return hit as Row;
    const generation = kept.generation;
    const row = await read();
    if (row && this.views.get(view) === kept && kept.generation === generation) {
      if (kept.rows.size >= ROWS_PER_VIEW) kept.rows.delete(kept.rows.keys().next().value!);
      kept.rows.set(String(key), deepFreeze(row));
    }
    return row;
  }

  /** Starts keeping rows of these views (again: anything kept before is forgotten). */
  enable(views: readonly ViewClass[]): void {
    for (const view of views) this.views.set(view, new KeptView());
  }

  /** Stops keeping rows of these views, and forgets them. */
  disable(views: readonly ViewClass[]): void {
    for (const view of views) this.views.delete(view);
  }

  /** After a batch's transaction has ended: its rows are read from the store again. */
  invalidate(changed: ChangedRows): void {
    for (const [view, keys] of changed.keys) {
      const kept = this.views.get(view);
      if (!kept) continue;
      kept.generation += 1;
      for (const key of keys) kept.rows.delete(key);
    }
    for (const view of changed.whole) {
      const kept = this.views.get(view);
      if (!kept) continue;
      kept.generation += 1;
      kept.rows.clear();
    }
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const each of Object.values(value)) {
    if (each !== null && typeof each === 'object' && !Object.isFrozen(each)) deepFreeze(each as object);
  }
  return Object.freeze(value);
}
