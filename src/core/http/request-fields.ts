import { type ArgumentMetadata, applyDecorators, Injectable, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { mustBe, ValidationFailedError } from './request-validation.js';

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

/** A path id: a UUID of any version (else 400 VALIDATION_FAILED), in lower case like the ids we store. */
@Injectable()
export class ParseIdPipe extends ParseUUIDPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<string> {
    const field = metadata.data ?? 'id';
    const uuid: unknown = await super.transform(value, metadata).catch(() => {
      throw new ValidationFailedError([{ field, message: `${field} must be a UUID` }]);
    });
    return String(uuid).toLowerCase();
  }
}

const figures = (value: number) => value.toLocaleString('en-US');

/**
 * An integer from min to max; whichever bound it fails, one message says the whole rule. `orNull`
 * only words the message for a field that also takes null (IsOptional lets null through).
 */
export function IntegerInRange(min: number, max: number, { orNull = false } = {}) {
  const rule = mustBe(`${orNull ? 'null or ' : ''}an integer from ${figures(min)} to ${figures(max)}`);
  return applyDecorators(IsInt(rule), Min(min, rule), Max(max, rule));
}

/** A string, stored trimmed, of min to max characters after trimming; one message for the rule. */
export function TrimmedText(min: number, max: number) {
  const rule = mustBe(`a string of ${figures(min)} to ${figures(max)} characters (after trimming)`);
  return applyDecorators(IsString(rule), Trim(), Length(min, max, rule));
}

/** A UUID of any version, stored in lower case. */
export function UuidField() {
  return applyDecorators(IsUUID('all', mustBe('a UUID')), LowerCase());
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
    IntegerInRange(0, 2_147_483_647),
  );
}

/** A client-chosen id on a create, so that a retry is safe. */
export function OptionalIdField() {
  return applyDecorators(
    ApiPropertyOptional({ format: 'uuid', example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' }),
    IsOptional(),
    UuidField(),
  );
}
