import { type ArgumentMetadata, applyDecorators, Injectable, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** Strings are stored trimmed; anything else is left for the validators to refuse. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Ids are compared as stored, so the edge stores them in one case. */
export const LowerCase = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value));

/**
 * A query-string integer: only plain decimal digits become a number; anything else stays a string
 * and fails @IsInt, so "5abc", "1e3" or " 5" are refused rather than coerced.
 */
export const QueryInteger = () =>
  Transform(({ value }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value));

/** A path id: a UUID of any version (else 400), in lower case like the ids we store. */
@Injectable()
export class ParseIdPipe extends ParseUUIDPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<string> {
    return String(await super.transform(value, metadata)).toLowerCase();
  }
}

/** `:id` in a path. */
export const IdParam = (name = 'id') => Param(name, ParseIdPipe);

export const ApiIdParam = (description: string) =>
  ApiParam({ name: 'id', format: 'uuid', description, example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' });

/** The optional expectedVersion every non-create command body accepts. */
export function ExpectedVersionField() {
  return applyDecorators(
    ApiPropertyOptional({
      example: 3,
      description: 'The version the client last saw; a mismatch answers 409. Same as If-Match: "3".',
    }),
    IsOptional(),
    IsInt(),
    Min(0),
    Max(2_147_483_647),
  );
}

/** A client-chosen id on a create, so that a retry is safe. */
export function OptionalIdField() {
  return applyDecorators(
    ApiPropertyOptional({ format: 'uuid', example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' }),
    IsOptional(),
    IsUUID('all'),
    LowerCase(),
  );
}
