import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** The query-string parameter every query route accepts; list params extend this class. */
export class ConsistencyParams {
  // No example: Swagger UI's "Try it out" would send it, and wait for a position the log may not have.
  @ApiPropertyOptional({
    pattern: '^\\d{1,15}$',
    description:
      'Answer only once the views have applied the log up to this position (the position of a command result)',
  })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'minPosition must be a position: decimal digits only' })
  minPosition?: string;
}
