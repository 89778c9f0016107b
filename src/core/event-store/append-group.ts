import { answeredByServer } from '../database/store-faults.js';
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
 * Members of one stream run one after the other, each once the one before has appended or finished:
 * it starts at the version the one before left, and decides on the state that one handed over
 * (Transaction.handOver), not on the store's, whose rows for this stream are not inserted yet. A
 * member may not read them (readsPending), so a member that would read its stream after another
 * appended to it runs again alone (NotGroupable).
 *
 * A member that fails before appending wrote nothing: it leaves the others unharmed. A failed
 * insert fails every member that appended (GroupNotCommitted), and nothing of the group is durable;
 * what the later members of those streams decided rested on it (CommandGroups runs them again).
 */
export class AppendGroup {
  private readonly parked: Parked[] = [];
  private unsettled: number;
  private failure?: unknown;
  private resolveFlushed!: () => void;
  private readonly flushed = new Promise<void>((resolve) => (this.resolveFlushed = resolve));
  /** Each stream's version after its members' appends so far. */
  private readonly versions: Map<string, number>;
  /** By stream: settles once its latest member has appended or finished (the next one's turn). */
  private readonly turns = new Map<string, Promise<void>>();
  /** The states the members of each stream decided and appended, for the next member. */
  private readonly handOver = new Map<string, unknown>();
  /** The streams some member appended to. */
  readonly appendedStreams = new Set<string>();

  constructor(
    private readonly tx: Transaction,
    versions: ReadonlyMap<string, number>,
    private readonly insert: (rows: readonly NewEventRow[]) => Promise<number[]>,
    private readonly members: number,
  ) {
    this.versions = new Map(versions);
    this.unsettled = members;
  }

  /** Runs one member's unit of work, on a stream the group locked for it, after that stream's earlier members. */
  async run(streamId: string, work: Work<unknown>): Promise<Outcome> {
    const before = this.turns.get(streamId);
    let myTurnIsOver!: () => void;
    this.turns.set(streamId, new Promise<void>((resolve) => (myTurnIsOver = resolve)));
    await before;
    const callbacks: Array<() => void> = [];
    const member: Transaction = {
      manager: this.tx.manager,
      afterCommit: (callback) => callbacks.push(callback),
      whenEnded: this.tx.whenEnded,
      groupSize: this.members,
      handOver: this.handOver,
    };
    const memo = appendMemoOf(member);
    memo.versions.set(streamId, this.versions.get(streamId) ?? 0);
    memo.readyToInsert = true;
    memo.group = {
      stream: streamId,
      append: (rows) => {
        const positions = this.append(member, streamId, rows);
        myTurnIsOver();
        return positions;
      },
      readsPending: (stream) => this.appendedStreams.has(stream),
    };
    try {
      return { ok: true, value: await work(member), callbacks };
    } catch (error) {
      return { ok: false, error };
    } finally {
      // Still a member: it finished without appending.
      if (memo.group) {
        memo.group = undefined;
        this.settle();
        myTurnIsOver();
      }
    }
  }

  /** Resolves once the group's insert and commit are answered; rejects with their failure. */
  async committed(): Promise<void> {
    await this.flushed;
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Whether the insert failed because the server answered it with an error, so that the COMMIT after
   * it in the same query string never ran. A socket's error or a timeout leaves the commit unknown.
   */
  get refused(): boolean {
    return this.failure !== undefined && answeredByServer(this.failure);
  }

  private append(member: Transaction, streamId: string, rows: readonly NewEventRow[]): Promise<number[]> {
    appendMemoOf(member).group = undefined;
    this.appendedStreams.add(streamId);
    this.versions.set(streamId, rows[rows.length - 1].version);
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
