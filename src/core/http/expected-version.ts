import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { InvalidInputError } from '../domain/domain-error.js';

/**
 * The version in an `If-Match: "<version>"` header, or undefined without one. `*` matches any
 * version. A weak or malformed tag is refused: a version check must be exact.
 */
export const IfMatchVersion = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const header = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
    'if-match'
  ];
  if (header === undefined) return undefined;
  const value = String(header).trim();
  if (value === '*') return undefined;
  const match = /^"(\d{1,15})"$/.exec(value);
  if (!match) {
    throw new InvalidInputError(
      'INVALID_IF_MATCH',
      'If-Match must be a strong entity tag holding a version, like "3"',
    );
  }
  return Number(match[1]);
});

/** The expected version from the body or the If-Match header; both given must agree. */
export function expectedVersion(
  fromBody: number | undefined,
  fromHeader: number | undefined,
): number | undefined {
  if (fromBody !== undefined && fromHeader !== undefined && fromBody !== fromHeader) {
    throw new InvalidInputError(
      'EXPECTED_VERSION_MISMATCH',
      'expectedVersion in the body and the If-Match header disagree',
    );
  }
  return fromBody ?? fromHeader;
}
