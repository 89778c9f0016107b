import { applyDecorators, HttpCode, HttpStatus, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  ApiErrorAnswer,
  BadRequestResponse,
  notFoundExample,
  VersionConflictResponse,
} from './api-error.response.js';
import { IdempotencyKeyGuard } from '../idempotency/idempotency-key.guard.js';
import { CommandResultResponse } from './command-result.response.js';

/** The business rules that refuse a command (422): what they are, their codes, and an example. */
export interface CommandRules {
  readonly description: string;
  readonly codes: readonly string[];
  /** The message of the first code, for the example. */
  readonly example: string;
}

interface ApiCommandOptions {
  readonly summary: string;
  /** A create answers 201; every other command 200. */
  readonly creates?: boolean;
  /** The code of the 404 for an unknown `:id` (every command but a create has one). */
  readonly notFound?: string;
  /** What a 422 means for this command, beyond a reused Idempotency-Key. */
  readonly rules?: CommandRules;
}

/** The 400 codes every command may answer, and those of a command on an existing aggregate. */
const BAD_REQUEST_CODES = ['VALIDATION_FAILED', 'MALFORMED_JSON', 'JSON_TOO_DEEP', 'INVALID_IDEMPOTENCY_KEY'];
const UPDATE_BAD_REQUEST_CODES = ['INVALID_IF_MATCH', 'EXPECTED_VERSION_MISMATCH'];

/**
 * What every command route shares: its status, the Idempotency-Key it accepts (this applies
 * IdempotencyKeyGuard, so the header it documents is the header it serves), and its Swagger
 * responses and headers with their error codes.
 */
export function ApiCommand({ summary, creates = false, notFound, rules }: ApiCommandOptions) {
  if (!creates && !notFound)
    throw new Error(`ApiCommand "${summary}": a command on an :id names its 404 code`);
  const ok = creates
    ? ApiCreatedResponse({
        type: CommandResultResponse,
        description: 'Created (or the same create repeated)',
      })
    : ApiOkResponse({ type: CommandResultResponse, description: 'Done' });
  return applyDecorators(
    HttpCode(creates ? HttpStatus.CREATED : HttpStatus.OK),
    UseGuards(IdempotencyKeyGuard),
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
          ApiErrorAnswer({
            status: 404,
            description: 'No such resource (also for the id of another kind of resource)',
            codes: [notFound!],
            message: notFoundExample(notFound!),
          }),
        ]),
    ApiErrorAnswer({
      status: 400,
      type: BadRequestResponse,
      description:
        'A field fails validation or is unknown (errors lists each), malformed JSON, or a bad header',
      codes: [...BAD_REQUEST_CODES, ...(creates ? [] : UPDATE_BAD_REQUEST_CODES)],
      message: 'count must be an integer from 1 to 1,000,000,000',
      extra: { errors: [{ field: 'count', message: 'count must be an integer from 1 to 1,000,000,000' }] },
    }),
    ApiErrorAnswer({
      status: 409,
      type: VersionConflictResponse,
      description: creates
        ? 'The id exists with different content, or the same Idempotency-Key is in flight'
        : 'Version conflict (expectedVersion or If-Match), or the same Idempotency-Key is in flight',
      codes: [creates ? 'ALREADY_EXISTS' : 'VERSION_CONFLICT', 'REQUEST_IN_FLIGHT'],
      ...(creates
        ? {
            message:
              'InventoryItem 0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10 exists already with different content',
          }
        : {
            message: 'Expected version 3 of 0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10 but it is at version 4',
            extra: { expectedVersion: 3, actualVersion: 4 },
          }),
    }),
    ApiErrorAnswer({
      status: 413,
      description: 'Body over the size limit',
      codes: ['PAYLOAD_TOO_LARGE'],
      message: 'The request body is larger than the limit',
    }),
    ApiErrorAnswer({
      status: 415,
      description: 'A body that is not application/json',
      codes: ['UNSUPPORTED_MEDIA_TYPE'],
      message: 'The request body must be JSON (Content-Type: application/json)',
    }),
    ApiErrorAnswer({
      status: 422,
      description: rules
        ? `${rules.description}; or an Idempotency-Key reused with another body`
        : 'An Idempotency-Key reused with another body',
      codes: [...(rules?.codes ?? []), 'IDEMPOTENCY_KEY_REUSED'],
      message: rules?.example ?? 'This Idempotency-Key was used before with a different request',
    }),
  );
}
