import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IntegerInRange, OptionalIdField, TrimmedText } from '../../../core/index.js';
import { MAX_NAME_LENGTH, MAX_QUANTITY } from '../../domain/inventory-item.aggregate.js';

export class CreateInventoryItemRequest {
  @OptionalIdField()
  id?: string;

  @ApiProperty({ example: 'Widget', minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'Stored trimmed' })
  @TrimmedText(1, MAX_NAME_LENGTH)
  name: string;

  @ApiPropertyOptional({
    // `number | null` reflects as Object: the type is said here.
    type: 'integer',
    example: 100,
    minimum: 1,
    maximum: MAX_QUANTITY,
    nullable: true,
    description: 'No maximum when absent',
  })
  @IsOptional()
  @IntegerInRange(1, MAX_QUANTITY, { orNull: true })
  maxQty?: number | null;
}
