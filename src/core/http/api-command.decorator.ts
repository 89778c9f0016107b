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
import { ApiErrorResponse, VersionConflictResponse } from './api-error.response.js';
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
      description: 'A retry with the same key and body answers the first answer and writes nothing',
      schema: { type: 'string', example: '5c1f2e9a-8d7b-4f3e-a2c1-0d9e8f7a6b5c' },
    }),
    ...(creates
      ? []
      : [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description: 'Expected version as "<version>"; a mismatch answers 409',
            schema: { type: 'string', example: '"3"' },
          }),
          ApiNotFoundResponse({ type: ApiErrorResponse, description: 'No such resource' }),
        ]),
    ApiBadRequestResponse({
      type: ApiErrorResponse,
      description: 'Malformed JSON, invalid or unknown field',
    }),
    ApiConflictResponse({
      type: VersionConflictResponse,
      description: creates
        ? 'The id exists with different content, or the same Idempotency-Key is in flight'
        : 'Version conflict, or the same Idempotency-Key is in flight',
    }),
    ApiUnprocessableEntityResponse({
      type: ApiErrorResponse,
      description:
        rules ?? 'A business rule refuses the command, or an Idempotency-Key reused with another body',
    }),
    ApiPayloadTooLargeResponse({ type: ApiErrorResponse, description: 'Body over the size limit' }),
  );
}
