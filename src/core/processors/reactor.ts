import type { DomainEvent, EventClass, RecordedEvent } from '../domain/domain-event.js';

type Reaction = (event: DomainEvent, recorded: RecordedEvent) => Promise<unknown>;

/** How often an event is tried before its processor stops on it (`failed`), and the waits between. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1: no retry). */
  readonly attempts: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 100, maxDelayMs: 5000 };

/**
 * A processor that does something outside the log with each event it handles: a saga or process
 * manager (`reactor`), or, through `Forwarder`, a publisher to another service. A feature module
 * declares one as a Nest provider that extends this class; the core finds it (by `instanceof`) and
 * runs it in the roles that run processors, with a checkpoint of its own in the write store, one
 * process at a time (a lease on PostgreSQL), listed in GET /projections under `name`.
 *
 * The contract of `handle`: events come one at a time, in log order, each after the previous one's
 * reaction has finished; an event is delivered at least once (again after a crash, a lost lease, a
 * retry), so a reaction must be idempotent (commands through CausedCommands, messages with the
 * event id as their de-duplication id). Returning means done. Throwing means failed: the same event
 * is tried again (`retry`) and then the processor stops right before it (`failed`) until an
 * operator skips it, which records it as a dead letter; it never skips by itself. Throw
 * DestinationUnavailableError for an outage, which is waited out without limit.
 */
export abstract class Reactor {
  /** Unique among the processors of the application: its checkpoint, lease and GET /projections entry. */
  abstract readonly name: string;
  readonly kind: 'reactor' | 'forwarder' = 'reactor';
  /** Attempts per event before `failed`; override to change. */
  readonly retry: RetryPolicy = DEFAULT_RETRY;
  /**
   * Whether the checkpoint is saved at the end of each batch it reacted to (default), or at most
   * every 200 ms like a stretch of events it does not read: for reactions that a repeat after a
   * crash does not harm and that are cheap next to a write transaction.
   */
  readonly saveAfterEachBatch: boolean = true;

  private readonly reactions = new Map<string, Reaction>();
  private every?: Reaction;

  /** Reacts to events of one class (one reaction per class). */
  protected on<E extends DomainEvent>(
    eventClass: EventClass<E>,
    reaction: (event: E, recorded: RecordedEvent<E>) => Promise<unknown>,
  ): void {
    this.reactions.set(eventClass.type, reaction as Reaction);
  }

  /** Reacts to every event of the log, whatever its type (the reactions of `on` then never run). */
  protected onEvery(reaction: (event: DomainEvent, recorded: RecordedEvent) => Promise<unknown>): void {
    this.every = reaction;
  }

  /** The type names it reads, or undefined for every event. */
  get eventTypes(): readonly string[] | undefined {
    return this.every ? undefined : [...this.reactions.keys()];
  }

  handles(type: string): boolean {
    return this.every !== undefined || this.reactions.has(type);
  }

  /** Runs the reaction to one event; see the class comment for the contract. */
  async handle(recorded: RecordedEvent): Promise<void> {
    await (this.every ?? this.reactions.get(recorded.type))?.(recorded.event, recorded);
  }
}

/** A reactor that publishes to another service: the same contract, listed as kind `forwarder`. */
export abstract class Forwarder extends Reactor {
  override readonly kind = 'forwarder' as const;
}
