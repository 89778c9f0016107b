import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { mustBe, POSITION_PATTERN } from '../../core/index.js';

const RULE = mustBe('a log position: a string of 1 to 15 decimal digits');

export class SkipEventRequest {
  @ApiProperty({
    example: '1042',
    pattern: '^\\d{1,15}$',
    description:
      'The position of the event the processor is failed at (its failedPosition in GET /projections)',
  })
  @IsString(RULE)
  @Matches(POSITION_PATTERN, RULE)
  position: string;
}
