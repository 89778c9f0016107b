import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Command, CommandBus } from '@nestjs/cqrs';
import { CommandContext } from '../context/command-context.js';
import { WriteTransactions } from '../database/write-transactions.js';
import type { CommandResult } from '../domain/command-result.js';
import type { RecordedEvent } from '../domain/domain-event.js';
import { commandTypeOf } from '../domain/command-type.js';
import { DomainError } from '../domain/domain-error.js';
import { ProcessedCommands } from '../idempotency/processed-commands.js';
import { RefusedBefore, refusalToRecord } from '../idempotency/refused-before.js';

/** What a command sent by a saga came to: its result, or the rule that refused it. */
export type CausedOutcome =
  | { readonly accepted: true; readonly result: CommandResult }
  | { readonly accepted: false; readonly code: string; readonly message: string };

/** Where a caused command comes from: its deterministic id, and the ids it is traced by. */
export interface CommandOrigin {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
}

/** A refusal is an answer (a rule, a missing aggregate); anything else may pass and is retried. */
function isRefusal(error: unknown): error is DomainError {
  return (
    error instanceof DomainError && (error.category === 'rule-violation' || error.category === 'not-found')
  );
}

function refused({ code, message }: DomainError): CausedOutcome {
  return { accepted: false, code, message };
}

/**
 * The command's registered type name and its payload: the same command gives the same fingerprint
 * whatever its class is called (and the names declared are the class names these fingerprints were
 * first taken with, so the ones recorded before stay valid).
 */
export function fingerprintOf(command: object): string {
  return createHash('sha256')
    .update(JSON.stringify([commandTypeOf(command), command]))
    .digest('hex');
}

/**
 * Sends a command caused by an event, with a command id derived from the event's id and the saga's
 * step, so that delivering the event again sends the same command id. The write side de-duplicates
 * it in the command's own transaction (CommandTransactions): an accepted command answers its first
 * result and writes nothing, and a refused one answers its first refusal (recorded here), so every
 * step has exactly one outcome, however often the event is delivered and whatever has changed since.
 */
@Injectable()
export class CausedCommands {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly processed: ProcessedCommands,
    private readonly writes: WriteTransactions,
  ) {}

  /** The deterministic command id of `step` in the reaction to `cause`. */
  static commandId(cause: RecordedEvent, step: string): string {
    return `${cause.metadata.eventId}:${step}`;
  }

  send(cause: RecordedEvent, step: string, command: Command<CommandResult>): Promise<CausedOutcome> {
    const origin = {
      commandId: CausedCommands.commandId(cause, step),
      correlationId: cause.metadata.correlationId,
      causationId: cause.metadata.eventId,
    };
    return this.sendAs(origin, command);
  }

  /**
   * The same for a command caused by something outside the log (a message from another service):
   * the caller derives `commandId` from what it received, so that receiving it again sends the same.
   */
  async sendAs(origin: CommandOrigin, command: Command<CommandResult>): Promise<CausedOutcome> {
    const { commandId } = origin;
    const fingerprint = fingerprintOf(command);
    const context = { ...origin, fingerprint };
    return CommandContext.run(context, async (): Promise<CausedOutcome> => {
      try {
        return { accepted: true, result: await this.commandBus.execute(command) };
      } catch (error) {
        if (error instanceof RefusedBefore) return refused(error);
        if (!isRefusal(error)) throw error;
        const refusal = refusalToRecord(error);
        if (refusal)
          await this.writes.run((tx) => this.processed.recordRefusal(tx, commandId, fingerprint, refusal));
        return refused(error);
      }
    });
  }
}
