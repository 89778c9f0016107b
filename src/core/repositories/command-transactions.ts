import { Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { CommandContext } from '../context/command-context.js';
import { isUniqueViolation } from '../database/dialect.js';
import { type Transaction } from '../database/transaction-runner.js';
import { WriteTransactions } from '../database/write-transactions.js';
import type { CommandResult } from '../domain/command-result.js';
import type { DomainEvent } from '../domain/domain-event.js';
import { AlreadyExistsError, RequestInFlightError, VersionConflictError } from '../domain/domain-error.js';
import { EventStore, StreamVersionMismatch } from '../event-store/event-store.js';
import { ProcessedCommands } from '../idempotency/processed-commands.js';
import { RefusedBefore, refusalToRecord } from '../idempotency/refused-before.js';
import { CqrsAttributes } from '../tracing/tracer.js';
import { MAX_CONFLICT_RETRIES } from './aggregate-repository.js';
import { CommandGroups } from './command-groups.js';

/**
 * The transaction around one command, shared by both kinds of repository: de-duplication by command
 * id (recorded in the same transaction as the events; a repeat answers the first result, or the
 * first refusal as RefusedBefore), and the bounded retry of a lost race. A command with a
 * fingerprint (an Idempotency-Key, IdempotencyKeyGuard) also runs alone among those of its key in
 * this process (RequestInFlightError meanwhile), and its refusal is recorded for the retries.
 */
@Injectable()
export class CommandTransactions {
  /** Command ids with a fingerprint being run in this process; across processes the unique id decides. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly writes: WriteTransactions,
    private readonly groups: CommandGroups,
    private readonly processed: ProcessedCommands,
    private readonly eventStore: EventStore,
  ) {}

  /**
   * `work` learns whether its own writes end the transaction (`last`): true unless the command's
   * result is recorded after it (an Idempotency-Key). A work whose append is its last write may then
   * let the store commit with it (AppendRequest.commit). With `groupable` (its only write is that
   * append) the command may share its transaction with others (CommandGroups).
   */
  run(
    streamId: string,
    expectedVersion: number | undefined,
    work: (tx: Transaction, last: boolean) => Promise<CommandResult>,
    { groupable = false }: { groupable?: boolean } = {},
  ): Promise<CommandResult> {
    // One context for the whole command, so every event it appends carries the same command id.
    const result = CommandContext.ensure(() =>
      this.keyed(() => this.attempt(streamId, expectedVersion, work, groupable)),
    );
    // The command's span (TracedBuses) learns which aggregate it was about and where it left it.
    const span = trace.getActiveSpan();
    if (!span?.isRecording()) return result;
    span.setAttribute(CqrsAttributes.AGGREGATE_ID, streamId);
    if (expectedVersion !== undefined) span.setAttribute(CqrsAttributes.EXPECTED_VERSION, expectedVersion);
    return result.then((done) => {
      span.setAttributes({
        [CqrsAttributes.RESULTING_VERSION]: done.version,
        [CqrsAttributes.POSITION]: done.position,
      });
      return done;
    });
  }

  /** A command with a fingerprint: alone among those of its key here, its refusal recorded. */
  private async keyed(attempt: () => Promise<CommandResult>): Promise<CommandResult> {
    const { commandId, fingerprint } = CommandContext.current();
    if (!fingerprint) return attempt();
    if (this.inFlight.has(commandId)) throw new RequestInFlightError();
    this.inFlight.add(commandId);
    try {
      return await attempt();
    } catch (error) {
      // A refusal by the domain is an answer too, replayed to retries.
      const refusal = refusalToRecord(error);
      if (refusal) {
        await this.writes
          .run((tx) => this.processed.recordRefusal(tx, commandId, fingerprint, refusal))
          .catch(() => undefined);
      }
      throw error;
    } finally {
      this.inFlight.delete(commandId);
    }
  }

  private async attempt(
    streamId: string,
    expectedVersion: number | undefined,
    work: (tx: Transaction, last: boolean) => Promise<CommandResult>,
    groupable: boolean,
  ): Promise<CommandResult> {
    const { commandId, fingerprint } = CommandContext.current();
    // A recorded result is a second write after the append: such a command runs alone.
    const run: <T>(unit: (tx: Transaction) => Promise<T>) => Promise<T> =
      groupable && !fingerprint ? (unit) => this.groups.run(streamId, unit) : (unit) => this.writes.run(unit);
    for (let attempt = 0; ; attempt++) {
      try {
        return await run(async (tx) => {
          await this.eventStore.lockStream(tx, streamId);
          if (fingerprint) {
            const prior = await this.processed.find(commandId, fingerprint, tx);
            if (prior?.kind === 'result') return prior.result;
            if (prior?.kind === 'refusal') throw new RefusedBefore(prior.refusal);
          }
          const result = await work(tx, !fingerprint);
          if (fingerprint) await this.processed.recordResult(tx, commandId, fingerprint, result);
          return result;
        });
      } catch (error) {
        const lostRace = error instanceof StreamVersionMismatch || isUniqueViolation(error);
        if (!lostRace) throw error;
        // Without an expected version the client asked for "whatever is current": decide again.
        if (expectedVersion === undefined && attempt < MAX_CONFLICT_RETRIES) continue;
        const actualVersion = await this.writes.run((tx) => this.eventStore.streamVersion(tx, streamId));
        const expected =
          expectedVersion ?? (error instanceof StreamVersionMismatch ? error.expectedVersion : 0);
        throw new VersionConflictError(streamId, expected, actualVersion);
      }
    }
  }

  /**
   * A create for an id whose stream exists: a retry of the same create (the same events) answers
   * what the first answered; anything else is a conflict. Shared by both kinds of repository.
   */
  async repeatedCreate(
    tx: Transaction,
    id: string,
    attempted: readonly DomainEvent[],
  ): Promise<CommandResult> {
    const stored = await this.eventStore.readStream(id, { limit: attempted.length, tx });
    const same =
      stored.length === attempted.length &&
      stored.every(
        (recorded, index) =>
          recorded.event.constructor === attempted[index].constructor &&
          JSON.stringify(recorded.event) === JSON.stringify(attempted[index]),
      );
    if (!same) throw new AlreadyExistsError(id);
    const last = stored[stored.length - 1];
    return { id, version: last.version, position: String(last.position) };
  }
}
