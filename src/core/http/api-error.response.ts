import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { codeOf, reasonOf } from './http-error.js';

/** The shape of every error answer (CONTRACT "v2: errors"): Nest's three fields and a stable code. */
export class ApiErrorResponse {
  @ApiProperty({ example: 422 })
  statusCode: number;

  @ApiProperty({ example: 'Unprocessable Entity' })
  error: string;

  @ApiProperty({ example: 'Cannot take 5 items: only 3 in stock', description: 'One sentence for people' })
  message: string;

  @ApiProperty({
    example: 'INSUFFICIENT_STOCK',
    pattern: '^[A-Z][A-Z0-9_]*$',
    description: 'Stable, for programs to branch on; each route lists the codes it answers',
  })
  code: string;
}

/** One field that failed validation. */
export class FieldErrorResponse {
  @ApiProperty({ example: 'lines[0].quantity', description: 'The path of the field in the request' })
  field: string;

  @ApiProperty({ example: 'lines[0].quantity must be an integer from 1 to 1,000,000' })
  message: string;
}

/** A 400: with code VALIDATION_FAILED, `errors` has one entry per failing field. */
export class BadRequestResponse extends ApiErrorResponse {
  @ApiPropertyOptional({ type: [FieldErrorResponse], description: 'With code VALIDATION_FAILED' })
  errors?: FieldErrorResponse[];
}

/** A 409 on a version mismatch says both versions. */
export class VersionConflictResponse extends ApiErrorResponse {
  @ApiPropertyOptional({ example: 3 })
  expectedVersion?: number;

  @ApiPropertyOptional({ example: 4 })
  actualVersion?: number;
}

/**
 * The example body of one documented error, so that each status shows its own shape rather than the
 * class's single example. Without a `code` in `extra`, the code an error of that status carries when
 * it has none of its own (401 UNAUTHORIZED, ...).
 */
export function errorExample(statusCode: number, error: string, message: string, extra: object = {}) {
  return { statusCode, error, message, code: codeOf(statusCode), ...extra };
}

const EXAMPLE_ID = '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10';

/** The example message of a `<THING>_NOT_FOUND` code, as the domain says it: "Order <id> does not exist". */
export function notFoundExample(code: string): string {
  const thing = code
    .replace(/_NOT_FOUND$/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
  return `${thing[0].toUpperCase()}${thing.slice(1)} ${EXAMPLE_ID} does not exist`;
}

/** One error answer of a route, its codes listed in the schema (an enum) and in the description. */
export interface ApiErrorAnswerOptions {
  readonly status: number;
  readonly description: string;
  /** Every code this route may answer with this status; the first is the example's. */
  readonly codes: readonly string[];
  /** The example's message. */
  readonly message: string;
  /** The example's fields beyond the four, if any. */
  readonly extra?: object;
  readonly type?: Type<ApiErrorResponse>;
  readonly headers?: Record<string, { description: string; schema: object }>;
}

/**
 * Documents one error status of a route: its body's schema (the shared shape, with `code` narrowed to
 * the codes this route answers), and an example that the OpenAPI document's test checks against it.
 */
export function ApiErrorAnswer({
  status,
  description,
  codes,
  message,
  extra = {},
  type = ApiErrorResponse,
  headers,
}: ApiErrorAnswerOptions) {
  return applyDecorators(
    ApiExtraModels(type),
    ApiResponse({
      status,
      description: `${description}. Codes: ${codes.join(', ')}`,
      schema: {
        allOf: [
          { $ref: getSchemaPath(type) },
          { type: 'object', properties: { code: { type: 'string', enum: [...codes] } } },
        ],
      },
      example: errorExample(status, reasonOf(status), message, { code: codes[0], ...extra }),
      headers,
    }),
  );
}
