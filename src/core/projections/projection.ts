import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { DomainEvent, EventClass, RecordedEvent } from '../domain/domain-event.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../processors/reactor.js';
import type { ChangedRows } from './view-cache.js';
import { type RowChange, type RowRule, ViewRowsBatch } from './view-rows.js';

type ManagerHandler = (
  event: DomainEvent,
  manager: EntityManager,
  recorded: RecordedEvent,
) => Promise<unknown>;

type Handler =
  | { readonly kind: 'manager'; readonly run: ManagerHandler }
  | { readonly kind: 'row'; readonly rule: RowRule };

/**
 * The rows of one view that a projection keeps, one per key (the view's single-column primary key).
 * Each rule says what the row becomes on an event; the runner folds a whole batch of events into
 * the rows in memory and writes each touched row once (see view-rows.ts).
 */
export class ViewRows<T extends ObjectLiteral> {
  constructor(
    private readonly view: new () => T,
    private readonly keyOf: (recorded: RecordedEvent) => string | number,
    private readonly register: <E extends DomainEvent>(eventClass: EventClass<E>, rule: RowRule) => void,
  ) {}

  /** On this event the row is created; it must not exist yet (as an INSERT would fail). */
  insert<E extends DomainEvent>(
    eventClass: EventClass<E>,
    row: (event: E, recorded: RecordedEvent<E>) => T,
  ): this {
    return this.rule(eventClass, 'insert', (_, event, recorded) =>
      row(event as E, recorded as RecordedEvent<E>),
    );
  }

  /** On this event the row takes these values; a missing row stays missing (as an UPDATE would). */
  update<E extends DomainEvent>(
    eventClass: EventClass<E>,
    changes: (event: E, row: Readonly<T>, recorded: RecordedEvent<E>) => Partial<T>,
  ): this {
    return this.rule(eventClass, 'update', (row, event, recorded) => ({
      ...(row as T),
      ...changes(event as E, row as T, recorded as RecordedEvent<E>),
    }));
  }

  /** On this event the row is gone (if it was there). */
  delete<E extends DomainEvent>(eventClass: EventClass<E>): this {
    return this.rule(eventClass, 'delete', () => null);
  }

  private rule<E extends DomainEvent>(
    eventClass: EventClass<E>,
    change: RowChange,
    next: RowRule['next'],
  ): this {
    this.register(eventClass, { view: this.view, keyOf: this.keyOf, change, next });
    return this;
  }
}

/**
 * Fills one or more read views from the log. A subclass names itself, lists the view entities it
 * owns, and says what each event does to them: `rows(View, key)` for views kept one row per key
 * ("on event X, the row becomes Y", applied a batch at a time), or `on()` for a handler that writes
 * through the manager itself. Events it does not handle are never read. Everything is written
 * through the manager of the runner's transaction, which also moves the checkpoint, so a view and
 * its checkpoint always agree.
 */
export abstract class Projection {
  abstract readonly name: string;
  /** The read-store entities this projection fills (and may drop and rebuild). */
  abstract readonly views: readonly (new () => object)[];
  /** Attempts at an event before the projection stops on it (`failed`); override to change. */
  readonly retry: RetryPolicy = DEFAULT_RETRY;

  private readonly handlers = new Map<string, Handler[]>();

  /** The rows of `view`, one per key; `key` gives the row (primary key value) an event is about. */
  protected rows<T extends ObjectLiteral>(
    view: new () => T,
    key: (recorded: RecordedEvent) => string | number,
  ): ViewRows<T> {
    return new ViewRows(view, key, (eventClass, rule) => this.add(eventClass, { kind: 'row', rule }));
  }

  protected on<E extends DomainEvent>(
    eventClass: EventClass<E>,
    handler: (event: E, manager: EntityManager, recorded: RecordedEvent<E>) => Promise<unknown>,
  ): void {
    this.add(eventClass, { kind: 'manager', run: handler as ManagerHandler });
  }

  private add(eventClass: EventClass, handler: Handler): void {
    this.handlers.set(eventClass.type, [...(this.handlers.get(eventClass.type) ?? []), handler]);
  }

  /** Type names of the events this projection reads. */
  get eventTypes(): string[] {
    return [...this.handlers.keys()];
  }

  /** Applies one event; the same as a batch of one. */
  apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    return this.applyBatch([recorded], manager);
  }

  /**
   * Applies events in order. Row rules work on rows read once per run of rules and written once at
   * the end; before a handler that uses the manager itself, the rows changed so far are written (and
   * forgotten, since it may change them), so every handler sees the effect of the events before it.
   * `changed`, if given, is told which rows were written (every row of the views, for a handler).
   */
  async applyBatch(
    batch: readonly RecordedEvent[],
    manager: EntityManager,
    changed?: ChangedRows,
  ): Promise<void> {
    const steps = batch.flatMap((recorded) =>
      (this.handlers.get(recorded.type) ?? []).map((handler) => ({ handler, recorded })),
    );
    const rows = new ViewRowsBatch(manager, changed);
    for (let start = 0; start < steps.length;) {
      const { handler, recorded } = steps[start];
      if (handler.kind === 'manager') {
        await rows.flush();
        changed?.anywhere(this.views);
        await handler.run(recorded.event, manager, recorded);
        start += 1;
        continue;
      }
      const run: Array<{ rule: RowRule; recorded: RecordedEvent }> = [];
      for (; start < steps.length; start++) {
        const step = steps[start];
        if (step.handler.kind !== 'row') break;
        run.push({ rule: step.handler.rule, recorded: step.recorded });
      }
      await rows.load(run);
      for (const step of run) rows.apply(step.rule, step.recorded);
    }
    await rows.flush();
  }
}
