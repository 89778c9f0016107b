import { Injectable, type PipeTransform } from '@nestjs/common';
import { POSITION_PATTERN, ValidationFailedError } from '../core/index.js';

/** `:position` in a path: a log position (decimal digits), as a number; else 400 VALIDATION_FAILED. */
@Injectable()
export class ParsePositionPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!POSITION_PATTERN.test(value)) {
      throw new ValidationFailedError([
        { field: 'position', message: 'position must be a log position: 1 to 15 decimal digits' },
      ]);
    }
    return Number(value);
  }
}
