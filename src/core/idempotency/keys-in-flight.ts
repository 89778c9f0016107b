import { Injectable } from '@nestjs/common';

/**
 * The Idempotency-Keys (as command ids) being processed in this process, for the `409` to a retry
 * that arrives while the first is running; across processes the unique command id decides. One
 * set for the whole application: Nest makes an instance of a route-scoped interceptor per module
 * that applies it, and they must all see the same keys.
 */
@Injectable()
export class KeysInFlight {
  private readonly keys = new Set<string>();

  /** False when the key is in flight already. */
  claim(commandId: string): boolean {
    if (this.keys.has(commandId)) return false;
    this.keys.add(commandId);
    return true;
  }

  release(commandId: string): void {
    this.keys.delete(commandId);
  }
}
