import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { EventStore } from '../../core/index.js';
import { AppMetrics } from './app-metrics.js';

/**
 * Counts the events this process appends, by type, once their transaction has committed (a rolled
 * back append, such as a lost race that is retried, counts nothing).
 */
@Injectable()
export class EventsAppendedCounter implements OnModuleDestroy {
  private readonly subscription: Subscription;

  constructor(eventStore: EventStore, metrics: AppMetrics) {
    this.subscription = eventStore.committedTypes.subscribe((types) => {
      for (const type of types) metrics.eventsAppended.inc({ type });
    });
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
