import type { RecordedEvent } from '../domain/domain-event.js';
import type { EventRow, NewEventRow } from './dialects/event-log-dialect.js';
import type { ReadLogOptions } from './event-store.js';

/** Reads every row of the log in (after, upTo], in position order, at most `limit` of them. */
export type ReadRows = (after: number, upTo: number, limit: number) => Promise<EventRow[]>;

interface TailEntry {
  readonly row: EventRow;
  /** The row as its event, made the first time a reader asks for it (see recordedOf). */
  recorded?: RecordedEvent;
}

/** How many of the newest rows are kept. */
export const TAIL_CAPACITY = 4096;

/** The most rows one read of the log brings into the tail. */
const TAIL_READ = 1000;

/**
 * The newest stretch of the log, read once for all of a process's consumers. Every processor is
 * woken by the same commit and reads the same few new events, each of its own types: one read each
 * per wake-up, one deserialisation each per event (issue 13: five log reads per command on
 * PostgreSQL). The tail reads every row of the stretch once and answers each from memory.
 *
 * It is exact, not a guess: it holds ALL rows of one contiguous range (from, to], read up to heads
 * that consumers were given (below a safe head nothing can still commit and no row changes), so a
 * read inside that range finds what the database would answer. Reads that start before it (a
 * consumer far behind, a rebuild) go to the database as before.
 */
export class LogTail {
  private entries: TailEntry[] = [];
  /** Entries before this index are trimmed away (the array is compacted once they are many). */
  private first = 0;
  /** The range held: every row with from < position <= to. */
  private from = 0;
  private to = 0;
  private started = false;
  private extending?: Promise<void>;

  constructor(
    private readonly readRows: ReadRows,
    private readonly recordedOf: (row: EventRow) => RecordedEvent,
    private readonly capacity = TAIL_CAPACITY,
  ) {}

  /** The events the log holds for `options`, or undefined when they start before the tail. */
  async read({ after, upTo, limit, types }: ReadLogOptions): Promise<RecordedEvent[] | undefined> {
    if (!this.started) this.restartAt(after);
    while (after > this.to && this.extending) await this.extending;
    // A reader far ahead of the tail (the others are behind, or gone): hold the log from it instead.
    if (after - this.to > this.capacity) this.restartAt(after);
    while (after >= this.from && !this.answerable(after, upTo, limit, types)) await this.extendTo(upTo);
    // Behind the tail from the start, or trimmed away while this read waited for more rows.
    if (after < this.from) return undefined;
    const wanted = types && new Set(types);
    const events: RecordedEvent[] = [];
    for (let index = this.indexAfter(after); index < this.entries.length && events.length < limit; index++) {
      const entry = this.entries[index];
      if (entry.row.position > upTo) break;
      if (wanted && !wanted.has(entry.row.type)) continue;
      entry.recorded ??= this.recordedOf(entry.row);
      events.push(entry.recorded);
    }
    return events;
  }

  /**
   * Rows this process has just committed, taken in when they continue the range held without a gap:
   * positions are unique, so then every row of the longer range is held and the consumers the commit
   * wakes read them from memory instead of the database. Rows that do not follow on (another writer
   * or a rolled-back insert took a position between, the tail is elsewhere) are left to a read.
   */
  offer(rows: readonly NewEventRow[], positions: readonly number[]): void {
    if (!this.started || positions.length === 0) return;
    let next = this.to + 1;
    for (const position of positions) if (position !== next++) return;
    rows.forEach((row, index) => this.entries.push({ row: { ...row, position: positions[index] } }));
    this.to = positions[positions.length - 1];
    this.trim();
  }

  /** Starts holding the log afresh from `after`. */
  private restartAt(after: number): void {
    this.entries = [];
    this.first = 0;
    this.from = this.to = after;
    this.started = true;
  }

  /** Whether the rows held already give `limit` events of `types` after `after` (a catch-up batch). */
  private answerable(after: number, upTo: number, limit: number, types?: readonly string[]): boolean {
    if (this.to >= upTo) return true;
    const wanted = types && new Set(types);
    let found = 0;
    for (let index = this.indexAfter(after); index < this.entries.length; index++) {
      if (!wanted || wanted.has(this.entries[index].row.type)) found += 1;
      if (found >= limit) return true;
    }
    return false;
  }

  /** One read at a time: readers that need more while one runs wait for it and look again. */
  private async extendTo(upTo: number): Promise<void> {
    if (this.extending) return this.extending;
    this.extending = (async () => {
      const from = this.to;
      const rows = await this.readRows(from, upTo, TAIL_READ);
      if (this.to !== from) return; // restarted meanwhile: these rows belong to no range held
      for (const row of rows) this.entries.push({ row });
      this.to = rows.length < TAIL_READ ? upTo : rows[rows.length - 1].position;
      this.trim();
    })().finally(() => (this.extending = undefined));
    return this.extending;
  }

  private trim(): void {
    const excess = this.entries.length - this.first - this.capacity;
    if (excess <= 0) return;
    this.first += excess;
    this.from = this.entries[this.first - 1].row.position;
    // Copied once per quarter of `capacity` rows trimmed, not on every commit that adds a few.
    if (this.first >= this.capacity / 4) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }

  /** The index of the first row held after `position`. */
  private indexAfter(position: number): number {
    let low = this.first;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle].row.position <= position) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
