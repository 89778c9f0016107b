import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { OptionalIdField, Trim } from '../../../core/index.js';
import { MAX_NAME_LENGTH, MAX_QUANTITY } from '../../domain/inventory-item.aggregate.js';

export class CreateInventoryItemRequest {
  @OptionalIdField()
  id?: string;

  @ApiProperty({ example: 'Widget', minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'Stored trimmed' })
  @IsString()
  @Trim()
  @Length(1, MAX_NAME_LENGTH)
  name: string;

  @ApiPropertyOptional({
    example: 100,
    minimum: 1,
    maximum: MAX_QUANTITY,
    nullable: true,
    description: 'No maximum when absent',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  maxQty?: number | null;
}
