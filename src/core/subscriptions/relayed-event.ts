import { AsyncLocalStorage } from 'node:async_hooks';
import type { RecordedEvent } from '../domain/domain-event.js';

const storage = new AsyncLocalStorage<RecordedEvent>();

/**
 * The recorded event (position, event id, correlation id…) that the relay is delivering. An
 * @EventsHandler or @Saga of @nestjs/cqrs receives the bare event; it reads the metadata from here,
 * in the handler's synchronous start or anything it awaits from there.
 */
export const RelayedEvent = {
  run<T>(recorded: RecordedEvent, work: () => T): T {
    return storage.run(recorded, work);
  },

  /** The event being delivered, or undefined outside a delivery. */
  current(): RecordedEvent | undefined {
    return storage.getStore();
  },
};
