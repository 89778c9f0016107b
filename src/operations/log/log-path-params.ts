import { Param, type PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '../../core/index.js';

/**
 * A path parameter checked against a pattern, else 400 VALIDATION_FAILED naming it. Stream and
 * correlation ids: what the log can hold (the correlation id of a request is `[\w.:-]{1,128}`, see
 * the command context; a saga's commands keep their event's); positions: decimal digits.
 */
class PatternPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly field: string,
    private readonly pattern: RegExp,
    private readonly requirement: string,
  ) {}

  transform(value: unknown): string {
    if (typeof value === 'string' && this.pattern.test(value)) return value;
    throw new ValidationFailedError([
      { field: this.field, message: `${this.field} must be ${this.requirement}` },
    ]);
  }
}

export const LOG_ID = { pattern: /^[\w.:-]{1,200}$/, rule: '1 to 200 letters, digits, _ . : or -' };
export const LOG_POSITION = {
  pattern: /^[1-9]\d{0,14}$/,
  rule: 'a log position: a positive decimal integer',
};

export const LogIdParam = (name: string) => Param(name, new PatternPipe(name, LOG_ID.pattern, LOG_ID.rule));

export const LogPositionParam = (name: string) =>
  Param(name, new PatternPipe(name, LOG_POSITION.pattern, LOG_POSITION.rule));
