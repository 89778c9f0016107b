import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult } from '../domain/command-result.js';

export class CommandResultResponse implements CommandResult {
  @ApiProperty({ format: 'uuid', example: '0b5e8a52-6a40-4a70-9c51-2f1e3f2f9d10' })
  id: string;

  @ApiProperty({ example: 1, description: "The aggregate's version after the command" })
  version: number;

  @ApiProperty({
    example: '42',
    description: 'Log position of the last event written; pass it as ?minPosition= to read your write',
  })
  position: string;
}
