import { EMPTY, type Observable } from 'rxjs';

/**
 * Tells consumers that another process appended to the log. On SQLite every writer is in this
 * process (the event store's `appended` stream suffices), so nothing ever arrives; the polling
 * fallback (PROJECTION_POLL_MS) covers anything a notifier misses.
 */
export class LogNotifier {
  /** Emits after each commit that appended to the log, made by any process. */
  readonly notified: Observable<void> = EMPTY;

  /** Starts listening (processes that run consumers only). */
  async listen(): Promise<void> {}

  /** Stops listening. */
  async close(): Promise<void> {}
}
