import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** The query-string parameter every query route accepts; list params extend this class. */
export class ConsistencyParams {
  @ApiPropertyOptional({
    example: '42',
    description:
      'Answer only once the views have applied the log up to this position (from a command result)',
  })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'minPosition must be a position: decimal digits only' })
  minPosition?: string;
}
