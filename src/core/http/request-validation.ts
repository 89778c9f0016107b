import { ValidationPipe } from '@nestjs/common';
import type { ValidationError, ValidationOptions } from 'class-validator';
import { InvalidInputError } from '../domain/domain-error.js';

/** One failing field of a request: `lines[0].quantity`, and what it must be. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A 400 for fields that fail validation (CONTRACT "v2: errors"): one entry per field. */
export class ValidationFailedError extends InvalidInputError {
  constructor(readonly errors: readonly FieldError[]) {
    super(
      'VALIDATION_FAILED',
      errors.length > 0 ? errors.map((error) => error.message).join('; ') : 'The request is not valid',
      { errors },
    );
  }
}

/**
 * The options of a class-validator decorator whose message says what the field must be, whichever of
 * a field's constraints failed: put it on every constraint of the field, so that `{"count": "5"}` gets
 * one message ("count must be an integer from 1 to 1,000,000,000") rather than one per constraint.
 */
export function mustBe(requirement: string, options: ValidationOptions = {}): ValidationOptions {
  return { ...options, message: ({ property }) => `${property} must be ${requirement}` };
}

const joinPath = (parent: string, property: string) =>
  parent === '' ? property : /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;

/** The one message of a failing field: its first constraint's, said of the field's full path. */
function messageOf(field: string, error: ValidationError): string {
  const constraints = error.constraints ?? {};
  if (constraints.whitelistValidation) return `${field} is not a known field`;
  if (constraints.unknownValue) return 'The request body must be a JSON object';
  const first = Object.values(constraints)[0] ?? `${field} is not valid`;
  // class-validator names the leaf property; a nested field is named by its path.
  return first.startsWith(`${error.property} `) ? `${field}${first.slice(error.property.length)}` : first;
}

/** class-validator's error tree as one entry per failing field, by path (`lines[0].quantity`). */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = error.property ? joinPath(parent, error.property) : parent;
    const own = error.constraints ? [{ field: field || 'body', message: messageOf(field, error) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/**
 * Strict validation of bodies and query strings: no coercion, unknown fields refused, and every
 * refusal a ValidationFailedError, which the filter answers as 400 VALIDATION_FAILED with `errors`.
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ValidationFailedError(fieldErrors(errors)),
  });
}
