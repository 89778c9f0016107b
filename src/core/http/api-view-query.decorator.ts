import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { ApiErrorResponse, errorExample } from './api-error.response.js';

interface ApiViewQueryOptions {
  readonly summary: string;
  /** The response class of the 200. */
  readonly type: Type;
  /** One resource: 404 when it does not exist, and its version as the ETag. */
  readonly oneResource?: boolean;
  /** Document ?minPosition= here; false where the route's params class (ConsistencyParams) does. */
  readonly minPositionParam?: boolean;
}

const POSITION = { type: 'string', pattern: '^\\d{1,15}$' } as const;

/** The Swagger responses, headers and parameter every query route shares (cf. ApiCommand). */
export function ApiViewQuery({
  summary,
  type,
  oneResource = false,
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
        ...(oneResource
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
    ApiBadRequestResponse({
      type: ApiErrorResponse,
      description: 'Invalid id, minPosition or paging parameter',
      example: errorExample(400, 'Bad Request', ['minPosition must be a position: decimal digits only']),
    }),
    ...(oneResource
      ? [
          ApiNotFoundResponse({
            type: ApiErrorResponse,
            description: 'No such resource',
            example: errorExample(404, 'Not Found', 'Resource 0b5e8a52-… does not exist', {
              code: 'NOT_FOUND',
            }),
          }),
        ]
      : []),
    ApiServiceUnavailableResponse({
      type: ApiErrorResponse,
      description: 'The views did not reach minPosition in time',
      example: errorExample(503, 'Service Unavailable', 'The read views have not reached position 42 yet', {
        code: 'READ_MODEL_BEHIND',
      }),
      headers: {
        'Retry-After': {
          description: 'Seconds to wait before retrying',
          schema: { type: 'integer', example: 1 },
        },
      },
    }),
  );
}
