import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

const MAX_QUANTITY = 1_000_000_000;

export class CreateItemRequest {
  @IsOptional()
  @IsUUID()
  id?: string;

  @IsString()
  @Length(1, 200)
  name: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  maxQty?: number | null;
}

export class CheckInRequest {
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  count: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ListParams {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
