import { AsyncLocalStorage } from 'node:async_hooks';
import { newId } from '../domain/new-id.js';

/**
 * Who is asking, carried implicitly from the edge (an HTTP request, a saga reacting to an event) to
 * the event store, which stamps it on every event it appends. Handlers stay free of plumbing.
 */
export interface CommandContextData {
  /** Unique per command; deterministic when a saga or an Idempotency-Key makes it so. */
  commandId: string;
  correlationId: string;
  causationId: string;
  /** Set when the write side must de-duplicate by `commandId` (Idempotency-Key, saga commands). */
  fingerprint?: string;
  /**
   * The HTTP request being served, if any: kept here rather than in a store of its own because
   * every AsyncLocalStorage instance adds work to every promise the request creates.
   */
  requestId?: string;
}

const storage = new AsyncLocalStorage<CommandContextData>();

export const CommandContext = {
  /** Runs `work` with a context; missing ids are generated. */
  run<T>(context: Partial<CommandContextData>, work: () => T): T {
    const commandId = context.commandId ?? newId();
    return storage.run(
      {
        commandId,
        correlationId: context.correlationId ?? commandId,
        causationId: context.causationId ?? commandId,
        fingerprint: context.fingerprint,
        requestId: context.requestId,
      },
      work,
    );
  },

  /**
   * Runs `work` in a context opened earlier (the same object, so what a step of the request adds to
   * it is seen by the next): for a server whose request lifecycle loses it on the way.
   */
  resume<T>(context: CommandContextData, work: () => T): T {
    return storage.run(context, work);
  },

  /** The current context; outside any, a fresh one (an in-process caller that set none). */
  current(): CommandContextData {
    const context = storage.getStore();
    if (context) return context;
    const commandId = newId();
    return { commandId, correlationId: commandId, causationId: commandId };
  },

  /** Runs `work` in the current context, or in a fresh one when there is none. */
  ensure<T>(work: () => T): T {
    return storage.getStore() ? work() : CommandContext.run({}, work);
  },

  /** The current context, mutable, or undefined outside any. */
  active(): CommandContextData | undefined {
    return storage.getStore();
  },
};
