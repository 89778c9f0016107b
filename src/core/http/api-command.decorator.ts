import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ApiErrorResponse, errorExample, VersionConflictResponse } from './api-error.response.js';
import { CommandResultResponse } from './command-result.response.js';

interface ApiCommandOptions {
  readonly summary: string;
  /** A create answers 201; every other command 200. */
  readonly creates?: boolean;
  /** What a 422 means for this command. */
  readonly rules?: string;
}

/** The status and the Swagger responses and headers every command route shares. */
export function ApiCommand({ summary, creates = false, rules }: ApiCommandOptions) {
  const ok = creates
    ? ApiCreatedResponse({
        type: CommandResultResponse,
        description: 'Created (or the same create repeated)',
      })
    : ApiOkResponse({ type: CommandResultResponse, description: 'Done' });
  return applyDecorators(
    HttpCode(creates ? HttpStatus.CREATED : HttpStatus.OK),
    ApiOperation({ summary }),
    ok,
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      // No example: Swagger UI's "Try it out" would send it, and reuse one key for every body.
      description:
        'Any string, e.g. a UUID. A retry with the same key and body answers the first answer and writes nothing',
      schema: { type: 'string' },
    }),
    ...(creates
      ? []
      : [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description: 'Expected version, e.g. "3" (with the quotes); a mismatch answers 409',
            schema: { type: 'string' },
          }),
          ApiNotFoundResponse({
            type: ApiErrorResponse,
            description: 'No such resource',
            example: errorExample(404, 'Not Found', 'Resource 0b5e8a52-… does not exist', {
              code: 'NOT_FOUND',
            }),
          }),
        ]),
    ApiBadRequestResponse({
      type: ApiErrorResponse,
      description: 'Malformed JSON, invalid or unknown field',
      example: errorExample(400, 'Bad Request', ['property colour should not exist']),
    }),
    ApiConflictResponse({
      type: VersionConflictResponse,
      description: creates
        ? 'The id exists with different content, or the same Idempotency-Key is in flight'
        : 'Version conflict, or the same Idempotency-Key is in flight',
      example: errorExample(409, 'Conflict', 'Expected version 3 but the stream is at version 4', {
        code: 'VERSION_CONFLICT',
        expectedVersion: 3,
        actualVersion: 4,
      }),
    }),
    ApiUnprocessableEntityResponse({
      type: ApiErrorResponse,
      description:
        rules ?? 'A business rule refuses the command, or an Idempotency-Key reused with another body',
      example: errorExample(422, 'Unprocessable Entity', 'Cannot remove 5 items: only 3 in stock', {
        code: 'INSUFFICIENT_STOCK',
      }),
    }),
    ApiPayloadTooLargeResponse({
      type: ApiErrorResponse,
      description: 'Body over the size limit',
      example: errorExample(413, 'Payload Too Large', 'request entity too large'),
    }),
  );
}
