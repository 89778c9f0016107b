import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { from, type Observable, of, throwError } from 'rxjs';
import { catchError, finalize, mergeMap } from 'rxjs/operators';
import { CommandContext } from '../context/command-context.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { InvalidInputError, RequestInFlightError } from '../domain/domain-error.js';
import { KeysInFlight } from './keys-in-flight.js';
import { ProcessedCommands } from './processed-commands.js';
import { RefusedBefore, refusalToRecord } from './refused-before.js';

interface CommandRequest {
  [APPLIED]?: true;
  method: string;
  /** Express and Fastify both keep the URL as received here, whatever routing did to `url`. */
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/** Marks a request this interceptor has taken, so that a second application passes it through. */
const APPLIED = Symbol('idempotencyKeyApplied');

/** The command id of a request with an Idempotency-Key is this prefix and the key's hash. */
export const IDEMPOTENCY_KEY_PREFIX = 'idempotency:';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The `Idempotency-Key` header of the IETF draft, on every command route (@ApiCommand applies this
 * interceptor). The key becomes the command's id and a hash of the request its fingerprint; the
 * write side records both with the command's events, in one transaction. A retry with the same key
 * and body answers the first answer and writes nothing; another body with the same key is refused
 * (422); a retry while the first is still running answers 409.
 *
 * Route-scoped, not global, so that a query route has no interceptor at all (decision 0290). A host
 * that also registers it globally (as this project's README once said) is served once: the second
 * application passes the request through.
 */
@Injectable()
export class IdempotencyKeyInterceptor implements NestInterceptor {
  constructor(
    private readonly processed: ProcessedCommands,
    private readonly writes: WriteTransactions,
    private readonly inFlight: KeysInFlight,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || request[APPLIED]) return next.handle();
    request[APPLIED] = true;
    if (typeof key !== 'string' || !KEY.test(key)) {
      return throwError(
        () =>
          new InvalidInputError(
            'INVALID_IDEMPOTENCY_KEY',
            'Idempotency-Key must be 1 to 255 visible ASCII characters',
          ),
      );
    }
    const commandId = `${IDEMPOTENCY_KEY_PREFIX}${sha256(key)}`;
    const fingerprint = sha256(
      JSON.stringify([
        request.method,
        request.originalUrl.split('?')[0],
        request.headers['if-match'] ?? null,
        request.body ?? null,
      ]),
    );
    if (!this.inFlight.claim(commandId)) return throwError(() => new RequestInFlightError());
    return from(this.processed.find(commandId, fingerprint)).pipe(
      mergeMap((prior) => {
        if (prior?.kind === 'result') return of(prior.result);
        if (prior?.kind === 'refusal') throw new RefusedBefore(prior.refusal);
        const active = CommandContext.active();
        if (active) Object.assign(active, { commandId, causationId: commandId, fingerprint });
        return next
          .handle()
          .pipe(catchError((error: unknown) => from(this.remember(commandId, fingerprint, error))));
      }),
      finalize(() => this.inFlight.release(commandId)),
    );
  }

  /** A refusal by the domain is an answer too, replayed to retries; then rethrows. */
  private async remember(commandId: string, fingerprint: string, error: unknown): Promise<never> {
    const refusal = refusalToRecord(error);
    if (refusal) {
      await this.writes
        .run((tx) => this.processed.recordRefusal(tx, commandId, fingerprint, refusal))
        .catch(() => undefined);
    }
    throw error;
  }
}
