import type { EventSourcedAggregate } from '../domain/aggregate-root.js';
import type { CommandResult } from '../domain/command-result.js';
import type { DomainEvent } from '../domain/domain-event.js';
import { AlreadyExistsError, VersionConflictError } from '../domain/domain-error.js';
import type { EventSourcedRepository, EventSourcedType } from '../repositories/event-sourced.repository.js';

/**
 * EventSourcedRepository for command handler specs, without a database: streams are given as
 * histories, and each command's recorded events are kept for the spec to compare.
 *
 *   const items = new RecordingRepository().given(id, new InventoryItemCreatedEvent(id, 'Widget', null));
 *   await new CheckInItemsHandler(items.asEventSourced()).execute(new CheckInItemsCommand(id, 5));
 *   expect(items.recorded(id)).toStrictEqual([new ItemsCheckedInEvent(id, 5)]);
 *
 * Unlike the real one it accepts a command that records nothing, so that such a spec fails on its
 * comparison of events (what is missing) rather than on an error.
 */
export class RecordingRepository {
  private readonly streams = new Map<string, DomainEvent[]>();
  private readonly recordedByStream = new Map<string, DomainEvent[]>();
  private position = 0;

  given(id: string, ...history: DomainEvent[]): this {
    this.streams.set(id, [...history]);
    this.position += history.length;
    return this;
  }

  /** The events the commands recorded on stream `id`, in order. */
  recorded(id: string): DomainEvent[] {
    return this.recordedByStream.get(id) ?? [];
  }

  /** Typed as the repository a handler injects. */
  asEventSourced(): EventSourcedRepository {
    return this as unknown as EventSourcedRepository;
  }

  async create<A extends EventSourcedAggregate>(
    _type: EventSourcedType<A>,
    id: string,
    factory: () => A,
  ): Promise<CommandResult> {
    if (this.streams.has(id)) throw new AlreadyExistsError(id);
    return this.save(factory());
  }

  async update<A extends EventSourcedAggregate>(
    type: EventSourcedType<A>,
    id: string,
    expectedVersion: number | undefined,
    decide: (aggregate: A) => void,
  ): Promise<CommandResult> {
    const history = this.streams.get(id);
    if (!history) throw type.notFound(id);
    const aggregate = new type(id);
    aggregate.loadFromHistory(history);
    if (expectedVersion !== undefined && expectedVersion !== aggregate.version) {
      throw new VersionConflictError(id, expectedVersion, aggregate.version);
    }
    decide(aggregate);
    return this.save(aggregate);
  }

  private save(aggregate: EventSourcedAggregate): CommandResult {
    const events = aggregate.getUncommittedEvents();
    this.streams.set(aggregate.id, [...(this.streams.get(aggregate.id) ?? []), ...events]);
    this.recordedByStream.set(aggregate.id, [...this.recorded(aggregate.id), ...events]);
    this.position += events.length;
    aggregate.uncommit();
    return { id: aggregate.id, version: aggregate.version, position: String(this.position) };
  }
}
