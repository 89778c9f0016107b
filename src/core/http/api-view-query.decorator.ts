import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { MIN_POSITION_RULE } from '../consistency/min-position.js';
import { ApiErrorAnswer, BadRequestResponse, notFoundExample } from './api-error.response.js';

interface ApiViewQueryOptions {
  readonly summary: string;
  /** The response class of the 200. */
  readonly type: Type;
  /** One resource: the code of its 404 when it does not exist. */
  readonly notFound?: string;
  /** The route sends the resource's version as its ETag (default: when it names a 404). */
  readonly etag?: boolean;
  /** Document ?minPosition= here; false where the route's params class (ConsistencyParams) does. */
  readonly minPositionParam?: boolean;
}

const POSITION = { type: 'string', pattern: '^\\d{1,15}$' } as const;

/** The Swagger responses, headers and parameter every query route shares (cf. ApiCommand). */
export function ApiViewQuery({
  summary,
  type,
  notFound,
  etag = notFound !== undefined,
  minPositionParam = true,
}: ApiViewQueryOptions) {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiOkResponse({
      type,
      description: 'Read from the views',
      headers: {
        'X-Read-Position': {
          description: 'The log position the views had reached',
          schema: { ...POSITION, example: '42' },
        },
        ...(etag
          ? {
              ETag: {
                description: 'The version, as a strong ETag',
                schema: { type: 'string', example: '"3"' },
              },
            }
          : {}),
      },
    }),
    ...(minPositionParam
      ? [
          ApiQuery({
            name: 'minPosition',
            required: false,
            // No example: "Try it out" would send it, and wait for a position the log may not have.
            schema: POSITION,
            description:
              'Answer only once the views have applied the log up to this position (the position of a command result)',
          }),
        ]
      : []),
    ApiErrorAnswer({
      status: 400,
      type: BadRequestResponse,
      description: 'Invalid id, minPosition or paging parameter (errors lists each)',
      codes: ['VALIDATION_FAILED'],
      message: MIN_POSITION_RULE,
      extra: { errors: [{ field: 'minPosition', message: MIN_POSITION_RULE }] },
    }),
    ...(notFound
      ? [
          ApiErrorAnswer({
            status: 404,
            description: 'No such resource (also for the id of another kind of resource)',
            codes: [notFound],
            message: notFoundExample(notFound!),
          }),
        ]
      : []),
    ApiErrorAnswer({
      status: 503,
      description: 'The views did not reach minPosition in time',
      codes: ['READ_MODEL_BEHIND'],
      message: 'The read views have not reached position 42 yet',
      headers: {
        'Retry-After': {
          description: 'Seconds to wait before retrying',
          schema: { type: 'integer', example: 1 },
        },
      },
    }),
  );
}
