import { ApiProperty } from '@nestjs/swagger';
import { ExpectedVersionField, TrimmedText } from '../../../core/index.js';
import { MAX_NAME_LENGTH } from '../../domain/inventory-item.aggregate.js';

export class RenameInventoryItemRequest {
  @ApiProperty({
    example: 'Blue widget',
    minLength: 1,
    maxLength: MAX_NAME_LENGTH,
    description: 'Stored trimmed',
  })
  @TrimmedText(1, MAX_NAME_LENGTH)
  name: string;

  @ExpectedVersionField()
  expectedVersion?: number;
}
