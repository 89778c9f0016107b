import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { InvalidInputError } from '../domain/domain-error.js';

type Headers = Record<string, string | string[] | undefined>;

/** A request carries a body when it says so: a length above zero, or a chunked transfer. */
const hasBody = (headers: Headers) =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

const mediaType = (headers: Headers) =>
  String(headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();

/**
 * A request with a body must say it is JSON, or it is answered 415 (CONTRACT "v2: errors"), and that
 * JSON must be an object, the only body our routes take. Express's JSON parser skips any other
 * content type and hands the route an empty body, which would then fail validation as if every field
 * were missing; Fastify answers 415 itself before a route runs. Reads the parsed request only, so it
 * works on either adapter.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const { headers, body } = context.switchToHttp().getRequest<{ headers: Headers; body?: unknown }>();
    if (!hasBody(headers)) return true;
    if (mediaType(headers) !== 'application/json') {
      throw new UnsupportedMediaTypeException(
        'The request body must be JSON (Content-Type: application/json)',
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new InvalidInputError('MALFORMED_JSON', 'The request body is not a valid JSON object');
    }
    return true;
  }
}
