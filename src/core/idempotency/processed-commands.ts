import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WRITE_STORE } from '../database/data-source-names.js';
import type { Transaction } from '../database/transaction-runner.js';
import type { CommandResult } from '../domain/command-result.js';
import { IdempotencyKeyReusedError } from '../domain/domain-error.js';
import { ProcessedCommandEntity } from './processed-command.entity.js';
import { domainRefusalOf, type HttpRefusal } from './migrations/1796043695000-refusals-as-domain-data.js';
import type { RecordedRefusal } from './refused-before.js';

export type PriorOutcome =
  | { readonly kind: 'result'; readonly result: CommandResult }
  | { readonly kind: 'refusal'; readonly refusal: RecordedRefusal };

/** The write side's memory of commands that must run at most once. */
@Injectable()
export class ProcessedCommands {
  constructor(@InjectDataSource(WRITE_STORE) private readonly write: DataSource) {}

  /**
   * What a command with this id answered before, if anything. A different fingerprint means the id
   * was reused for another request, which is refused.
   */
  async find(commandId: string, fingerprint: string, tx?: Transaction): Promise<PriorOutcome | undefined> {
    const manager = tx?.manager ?? this.write.manager;
    const row = await manager.findOneBy(ProcessedCommandEntity, { commandId });
    if (!row) return undefined;
    if (row.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    if (row.result) return { kind: 'result', result: JSON.parse(row.result) as CommandResult };
    const refusal = JSON.parse(row.refusal ?? '{}') as RecordedRefusal | HttpRefusal;
    // A process of the release before may still write the HTTP shape during a rolling upgrade.
    return {
      kind: 'refusal',
      refusal: 'status' in refusal ? (domainRefusalOf(refusal) as RecordedRefusal) : refusal,
    };
  }

  /** Records a success inside the command's own transaction. */
  async recordResult(
    tx: Transaction,
    commandId: string,
    fingerprint: string,
    result: CommandResult,
  ): Promise<void> {
    await tx.manager.insert(ProcessedCommandEntity, {
      commandId,
      fingerprint,
      result: JSON.stringify(result),
      refusal: null,
      processedAt: new Date().toISOString(),
    });
  }

  /**
   * Records a refusal, in a write transaction of its own (the command itself wrote nothing), unless
   * the id has an outcome already: another process may have recorded one for this id meanwhile (the
   * same key with another body, racing), and the first outcome recorded is the one that stands.
   */
  async recordRefusal(
    tx: Transaction,
    commandId: string,
    fingerprint: string,
    refusal: RecordedRefusal,
  ): Promise<void> {
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(ProcessedCommandEntity)
      .values({
        commandId,
        fingerprint,
        result: null,
        refusal: JSON.stringify(refusal),
        processedAt: new Date().toISOString(),
      })
      .orIgnore()
      .execute();
  }
}
