import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IntegerInRange, QueryInteger } from '../../core/index.js';

/** How many events a page of the log browser holds, by default and at most. */
export const LOG_PAGE = { default: 100, max: 1000 } as const;

export class LogPageParams {
  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    default: 0,
    description:
      'Answer the events after this log position (the `next` of the previous page); 0: from the first',
  })
  @IsOptional()
  @QueryInteger()
  @IntegerInRange(0, Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({
    type: Number,
    minimum: 1,
    maximum: LOG_PAGE.max,
    default: LOG_PAGE.default,
    description: 'Events per page',
  })
  @IsOptional()
  @QueryInteger()
  @IntegerInRange(1, LOG_PAGE.max)
  limit?: number;
}
