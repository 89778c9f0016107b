import { createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { CommandContext } from '../context/command-context.js';
import { InvalidInputError } from '../domain/domain-error.js';

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
 * The `Idempotency-Key` header of the IETF draft, on every command route (@ApiCommand applies this
 * guard): a malformed key is refused (400); a valid one becomes the command's id, and a hash of the
 * request its fingerprint, in the request's command context. The write side does the rest
 * (CommandTransactions): a retry with the same key and body answers the first answer and writes
 * nothing, another body with the same key is refused (422), a retry while the first is still
 * running answers 409, and a refusal is recorded to be answered again.
 *
 * A guard, not an interceptor, because it acts only before the handler: a route with no
 * interceptor is answered by Nest without the rxjs chain an interceptor costs every request
 * (decision 0290).
 */
@Injectable()
export class IdempotencyKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return true;
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new InvalidInputError(
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1 to 255 visible ASCII characters',
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
    const active = CommandContext.active();
    if (active) Object.assign(active, { commandId, causationId: commandId, fingerprint });
    return true;
  }
}
