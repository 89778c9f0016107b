import { Injectable } from '@nestjs/common';
import { inCallersContext, type Outcome, type Work } from '../database/transaction-units.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { type AppendGroup, NotGroupable } from '../event-store/append-group.js';
import { EventStore } from '../event-store/event-store.js';

/**
 * Transactions of commands in flight at once; the commands that arrive meanwhile wait and group.
 * One: measured against two and three once locking a group cost one index step per stream (decision
 * 0260), it was ahead in every scenario; a second slot mostly carried commands alone.
 */
export const GROUPS_IN_FLIGHT = 1;
/** The most commands one group carries. */
export const MAX_GROUP = 64;

interface Waiting {
  readonly streamId: string;
  readonly work: Work<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit on PostgreSQL for the commands whose only write is their append (event-sourced, no
 * Idempotency-Key): what SQLite gets from its serialised writer (TransactionRunner), here for a
 * database where transactions run side by side. One transaction is in flight; the commands that
 * arrive meanwhile share the next one: their streams locked in one round trip, each decided in
 * memory, all their events inserted and committed in one more (AppendGroup). Every statement and
 * every commit then serves many commands, not one; none is answered before the commit.
 *
 * Commands of one stream in a group decide one after the other, each on the state the one before
 * left (AppendGroup): a hot stream commits many commands per transaction too. A member that must
 * write more than its append (a snapshot is due) runs again alone after the group. When the server
 * refuses the group's insert nothing of it committed: the members of the streams that appended run
 * again alone (also the ones that decided after an append, on a state that never committed). When
 * the commit's outcome is unknown (the connection was lost during it) those members fail with the
 * store's error, exactly as a command alone would: running them again could apply a command twice.
 *
 * On SQLite, and for any other unit of work, WriteTransactions runs commands as before.
 */
@Injectable()
export class CommandGroups {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private readonly grouping: boolean;

  constructor(
    private readonly writes: WriteTransactions,
    private readonly eventStore: EventStore,
  ) {
    this.grouping = !writes.serialized;
  }

  /** Runs `work`, a command on `streamId` whose only write is its last: alone or in a group. */
  run<T>(streamId: string, work: Work<T>): Promise<T> {
    if (!this.grouping) return this.writes.run(work);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        streamId,
        work: inCallersContext(work) as Work<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.start();
    });
  }

  private start(): void {
    while (this.inFlight < GROUPS_IN_FLIGHT && this.waiting.length > 0) {
      const group = this.waiting.splice(0, MAX_GROUP);
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        this.start();
      });
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    if (group.length === 1) return this.alone(group[0]);
    const outcomes: Outcome[] = [];
    const opened: { appends?: AppendGroup } = {};
    let failure: unknown;
    let refused = false;
    try {
      await this.writes.run(async (tx) => {
        const appends = await this.eventStore.openGroup(
          tx,
          group.map((waiting) => waiting.streamId),
        );
        if (!appends) throw new Error('CommandGroups: the event store cannot group commands');
        opened.appends = appends;
        outcomes.push(
          ...(await Promise.all(group.map((waiting) => appends.run(waiting.streamId, waiting.work)))),
        );
        try {
          await appends.committed();
        } catch (error) {
          refused = appends.refused;
          throw error;
        }
      });
    } catch (error) {
      failure = error;
    }
    // The locks failed: no member ran, none wrote.
    if (!opened.appends) return void (await Promise.all(group.map((waiting) => this.alone(waiting))));
    const appended = opened.appends.appendedStreams;
    await Promise.all(
      group.map((waiting, index) => {
        const outcome = outcomes[index];
        if (failure !== undefined && appended.has(waiting.streamId)) {
          // Its stream's appends did not commit (or may not have): what it decided rested on them.
          if (refused) return this.alone(waiting);
          return waiting.reject(failure);
        }
        if (outcome.ok) {
          // It wrote nothing (it would have appended, and failed with the group): it may run again.
          if (failure !== undefined) return this.alone(waiting);
          for (const callback of outcome.callbacks) callback();
          return waiting.resolve(outcome.value);
        }
        if (outcome.error instanceof NotGroupable) return this.alone(waiting);
        return waiting.reject(outcome.error);
      }),
    );
  }

  private async alone(waiting: Waiting): Promise<void> {
    try {
      waiting.resolve(await this.writes.run(waiting.work));
    } catch (error) {
      waiting.reject(error);
    }
  }
}
