import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LOG_READER } from '../database/data-source-names.js';
import { asStoreUnavailable } from '../database/store-faults.js';
import type { RecordedEvent } from '../domain/domain-event.js';
import { EventRecordEntity } from '../event-store/event-record.entity.js';
import { EventStore } from '../event-store/event-store.js';
import { ProcessorSpans } from '../tracing/processor-spans.js';
import type { DeadLetter, ProcessorKind } from './processor.js';
import {
  DeadLetterNotFoundError,
  DeadLetterRetryFailedError,
  NotALogProcessorError,
  NotFailedThereError,
  ProcessorNotFoundError,
  ProjectionsAreRebuiltError,
} from './processor-admin.errors.js';
import { ProcessorStates } from './processor-states.js';
import { ProcessorStores } from './processor-stores.js';
import { ProcessorSupervisor } from './processor-supervisor.js';
import { messageOf } from './processor-work.js';

/**
 * What an operator does to a processor that is stuck (CONTRACT v2 "processors and dead letters"):
 * skip the event it failed on (which becomes a dead letter), list the dead letters, and deliver one
 * to a reactor or forwarder again. A skip is ONE transaction in the processor's store: the guarded
 * checkpoint move and the dead letter commit together or not at all; so it works from any process,
 * and the process that runs the processor resumes at once (this one) or at its next poll (another).
 */
@Injectable()
export class ProcessorAdmin {
  constructor(
    private readonly supervisor: ProcessorSupervisor,
    private readonly stores: ProcessorStores,
    private readonly states: ProcessorStates,
    private readonly eventStore: EventStore,
    @InjectDataSource(LOG_READER) private readonly log: DataSource,
  ) {}

  async skip(name: string, position: number): Promise<void> {
    const kind = this.logProcessor(name);
    const local = this.supervisor.running(name);
    const state = (await this.states.states()).find((each) => each.name === name)!;
    if (state.failedPosition !== position)
      throw new NotFailedThereError(name, position, state.failedPosition);
    const letter = { ...(await this.eventAt(position)), processor: name, error: state.lastError ?? '' };
    const checkpoints = this.stores.checkpoints(kind);
    const skipped = await checkpoints.store.run(async ({ manager }) => {
      if (!(await checkpoints.skip(manager, name, position))) return false;
      await this.stores.deadLetters(kind).record(manager, { ...letter, deadAt: new Date().toISOString() });
      return true;
    });
    if (!skipped) throw new NotFailedThereError(name, position, null);
    local?.resumeAt(position);
  }

  deadLetters(name: string): Promise<DeadLetter[]> {
    const kind = this.supervisor.kindOf(name) ?? this.states.externalKindOf(name);
    if (!kind) throw new ProcessorNotFoundError(name);
    return this.stores.deadLetters(kind).list(name);
  }

  /** Delivers a dead letter to its reactor or forwarder again: gone when it succeeds, kept when not. */
  async retry(name: string, position: number): Promise<void> {
    const kind = this.logProcessor(name);
    if (kind === 'projection') throw new ProjectionsAreRebuiltError(name);
    const letters = this.stores.deadLetters(kind);
    if (!(await letters.find(name, position))) throw new DeadLetterNotFoundError(name, position);
    const reactor = this.supervisor.reactor(name)!;
    try {
      const recorded = await this.readEvent(position);
      await ProcessorSpans.event(reactor, recorded, () => reactor.handle(recorded));
    } catch (error) {
      // The store being out is no answer about the event: 503, the dead letter as it was.
      if (asStoreUnavailable(error)) throw asStoreUnavailable(error);
      const message = `${messageOf(error)} (retried ${new Date().toISOString()})`;
      await letters.updateError(name, position, message);
      throw new DeadLetterRetryFailedError(message);
    }
    await letters.remove(name, position);
  }

  private logProcessor(name: string): ProcessorKind {
    const kind = this.supervisor.kindOf(name);
    if (kind) return kind;
    if (this.states.externalKindOf(name)) throw new NotALogProcessorError(name);
    throw new ProcessorNotFoundError(name);
  }

  /** The event's identity, from its row: also for an event that cannot be read back. */
  private async eventAt(
    position: number,
  ): Promise<Pick<DeadLetter, 'position' | 'eventId' | 'type' | 'streamId'>> {
    const row = await this.log.manager.findOneByOrFail(EventRecordEntity, { position });
    return { position, eventId: row.eventId, type: row.type, streamId: row.streamId };
  }

  private async readEvent(position: number): Promise<RecordedEvent> {
    const [recorded] = await this.eventStore.readLog({ after: position - 1, upTo: position, limit: 1 });
    if (!recorded) throw new Error(`No event at position ${position}`);
    return recorded;
  }
}
