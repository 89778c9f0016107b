import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The shape of every error answer (Nest's own, plus a stable code where the domain gives one). */
export class ApiErrorResponse {
  @ApiProperty({ example: 422 })
  statusCode: number;

  @ApiProperty({ example: 'Unprocessable Entity' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'Cannot remove 5 items: only 3 in stock',
  })
  message: string | string[];

  @ApiPropertyOptional({ example: 'INSUFFICIENT_STOCK', description: 'Stable code of the broken rule' })
  code?: string;
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
 * class's single example.
 */
export function errorExample(statusCode: number, error: string, message: string | string[], extra = {}) {
  return { statusCode, error, message, ...extra };
}
