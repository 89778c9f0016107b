import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { from, type Observable, of, throwError } from 'rxjs';
import { catchError, finalize, mergeMap } from 'rxjs/operators';
import { CommandContext } from '../context/command-context.js';
import { WriteTransactions } from '../database/write-transactions.js';
import { InvalidInputError, RequestInFlightError } from '../domain/domain-error.js';
import { ProcessedCommands } from './processed-commands.js';
import { RefusedBefore, refusalToRecord } from './refused-before.js';

interface CommandRequest {
  method: string;
  /** Express and Fastify both keep the URL as received here, whatever routing did to `url`. */
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The command id of a request with an Idempotency-Key is this prefix and the key's hash. */
export const IDEMPOTENCY_KEY_PREFIX = 'idempotency:';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The `Idempotency-Key` header of the IETF draft, on every command (POST). The key becomes the
 * command's id and a hash of the request its fingerprint; the write side records both with the
 * command's events, in one transaction. A retry with the same key and body answers the first answer
 * and writes nothing; another body with the same key is refused (422); a retry while the first is
 * still running answers 409.
 */
@Injectable()
export class IdempotencyKeyInterceptor implements NestInterceptor {
  /** Keys being processed in this process. Across processes the unique command id decides. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly processed: ProcessedCommands,
    private readonly writes: WriteTransactions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
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
    if (this.inFlight.has(commandId)) return throwError(() => new RequestInFlightError());
    this.inFlight.add(commandId);
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
      finalize(() => this.inFlight.delete(commandId)),
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
