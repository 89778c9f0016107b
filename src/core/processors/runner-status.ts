import type { ProcessorStatus } from './processor.js';
import type { FailedEvent, ProcessorWork } from './processor-work.js';

/** What a ProcessorRunner shows of itself: status, last error, where it failed, how long it is busy. */
export abstract class RunnerStatus {
  protected state: ProcessorStatus = 'standby';
  protected error: string | null = null;
  protected failure: FailedEvent | null = null;
  /** When the read or batch in flight began; undefined between them. */
  protected busySince?: number;

  constructor(readonly work: ProcessorWork) {}

  get name(): string {
    return this.work.name;
  }

  get status(): ProcessorStatus {
    return this.state;
  }

  get lastError(): string | null {
    return this.error;
  }

  /** Where it is failed: the position of the event it stopped before. */
  get failedPosition(): number | null {
    return this.state === 'failed' ? (this.failure?.position ?? null) : null;
  }

  /** How long the read or batch in flight has taken so far (0 when idle): a stalled store shows here. */
  busyForMs(now = Date.now()): number {
    return this.busySince === undefined ? 0 : now - this.busySince;
  }

  /** `reactor order-fulfilment`, for the logs. */
  protected get label(): string {
    return `${this.work.kind} ${this.work.name}`;
  }

  protected get active(): boolean {
    return this.state === 'running' || this.state === 'catching-up';
  }
}
