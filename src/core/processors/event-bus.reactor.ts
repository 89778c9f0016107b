import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { RelayedEvent } from '../subscriptions/relayed-event.js';
import { Reactor } from './reactor.js';

/**
 * Feeds the committed log into @nestjs/cqrs's EventBus, for @EventsHandler and @Saga: one reactor
 * with its own checkpoint, so each event is published once, whatever the other
 * reactors do (a saga's retries never publish it again). The bus does not await its handlers, so
 * this reactor never fails; after a crash the events after its saved checkpoint are published again.
 * A handler reads the event's metadata (position, ids) from RelayedEvent.
 */
@Injectable()
export class EventBusReactor extends Reactor {
  static readonly processorName = 'event-bus';
  readonly name = EventBusReactor.processorName;
  /** Publishing is fire-and-forget: no write transaction per batch just to remember it. */
  override readonly saveAfterEachBatch = false;

  constructor(eventBus: EventBus) {
    super();
    this.onEvery(async (event, recorded) => {
      RelayedEvent.run(recorded, () => eventBus.publish(event));
    });
  }
}
