import type { Outcome, Transaction, Work } from '../database/transaction-units.js';
import { appendMemoOf } from './append-memo.js';
import type { NewEventRow } from './dialects/event-log-dialect.js';

/**
 * Thrown inside a group when a member would write anything but its events with the commit (a
 * snapshot is due, an append not last): a write the group cannot undo for that member alone. The
 * member runs again in a transaction of its own (CommandGroups).
 */
export class NotGroupable extends Error {
  constructor(reason: string) {
    super(`cannot share a group commit: ${reason}`);
  }
}

/** What a member waiting for the group's insert gets when it failed: none of the group committed. */
export class GroupNotCommitted extends Error {
  constructor(cause: unknown) {
    super('the group commit failed', { cause });
  }
}

interface Parked {
  readonly rows: readonly NewEventRow[];
  readonly resolve: (positions: number[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Commands that share one write transaction on PostgreSQL (CommandGroups): their streams were locked
 * and their versions read in one round trip (EventLogDialect.lockStreams); each member then decides
 * in memory, reading through the shared connection when it must (a cache miss), and its append, the
 * last write of its unit of work, waits here. Once every member has appended or finished without
 * appending, all the appends go in one INSERT with the COMMIT in the same round trip, and each
 * member learns its positions: answered means committed, as for a command alone.
 *
 * A member that fails before appending wrote nothing: it leaves the others unharmed. A failed
 * insert fails every member that appended (GroupNotCommitted), and nothing of the group is durable.
 */
export class AppendGroup {
  private readonly parked: Parked[] = [];
  private unsettled: number;
  private failure?: unknown;
  private resolveFlushed!: () => void;
  private readonly flushed = new Promise<void>((resolve) => (this.resolveFlushed = resolve));

  constructor(
    private readonly tx: Transaction,
    private readonly versions: ReadonlyMap<string, number>,
    private readonly insert: (rows: readonly NewEventRow[]) => Promise<number[]>,
    private readonly members: number,
  ) {
    this.unsettled = members;
  }

  /** Runs one member's unit of work, on the stream the group locked for it. */
  async run(streamId: string, work: Work<unknown>): Promise<Outcome> {
    const callbacks: Array<() => void> = [];
    const member: Transaction = {
      manager: this.tx.manager,
      afterCommit: (callback) => callbacks.push(callback),
      whenEnded: this.tx.whenEnded,
      groupSize: this.members,
    };
    const memo = appendMemoOf(member);
    memo.versions.set(streamId, this.versions.get(streamId) ?? 0);
    memo.readyToInsert = true;
    memo.group = { stream: streamId, append: (rows) => this.append(member, rows) };
    try {
      return { ok: true, value: await work(member), callbacks };
    } catch (error) {
      return { ok: false, error };
    } finally {
      // Still a member: it finished without appending.
      if (memo.group) {
        memo.group = undefined;
        this.settle();
      }
    }
  }

  /** Resolves once the group's insert and commit are answered; rejects with their failure. */
  async committed(): Promise<void> {
    await this.flushed;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Whether the insert failed because the server refused it: then its COMMIT never ran. */
  get refused(): boolean {
    return typeof (this.failure as { code?: unknown } | undefined)?.code === 'string';
  }

  private append(member: Transaction, rows: readonly NewEventRow[]): Promise<number[]> {
    appendMemoOf(member).group = undefined;
    const positions = new Promise<number[]>((resolve, reject) => this.parked.push({ rows, resolve, reject }));
    this.settle();
    return positions;
  }

  private settle(): void {
    if (--this.unsettled === 0) void this.flush();
  }

  private async flush(): Promise<void> {
    try {
      if (this.parked.length === 0) return;
      const positions = await this.insert(this.parked.flatMap((parked) => parked.rows));
      let next = 0;
      for (const parked of this.parked) {
        parked.resolve(positions.slice(next, (next += parked.rows.length)));
      }
    } catch (error) {
      this.failure = error;
      for (const parked of this.parked) parked.reject(new GroupNotCommitted(error));
    } finally {
      this.resolveFlushed();
    }
  }
}
