import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { MIN_POSITION_RULE, POSITION_PATTERN } from './min-position.js';

/** The query-string parameter every query route accepts; list params extend this class. */
export class ConsistencyParams {
  // No example: Swagger UI's "Try it out" would send it, and wait for a position the log may not have.
  @ApiPropertyOptional({
    pattern: '^\\d{1,15}$',
    description:
      'Answer only once the views have applied the log up to this position (the position of a command result)',
  })
  @IsOptional()
  @Matches(POSITION_PATTERN, { message: MIN_POSITION_RULE })
  minPosition?: string;
}
