/**
 * Thrown by a reactor or forwarder when what it delivers to cannot be reached now (a broker or a
 * service down, a timeout): no fault of the event. The runtime then waits and tries the same event
 * again with a growing delay, for as long as it takes, without counting the attempt towards
 * `failed` (as it does when its own store is unavailable). Any other error counts.
 */
export class DestinationUnavailableError extends Error {
  constructor(
    readonly destination: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${destination} is unavailable: ${reason}`, options);
  }
}
