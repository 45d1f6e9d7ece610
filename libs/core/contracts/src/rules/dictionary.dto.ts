import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class DictionaryQueryDto {
  @ApiProperty({
    description: 'part of a keyword (any case) or of a tag (`0010,0010`, `00100010`)',
    example: 'Pat',
    minLength: 1,
    maxLength: 64,
  })
  @IsString()
  @Length(1, 64)
  q: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class DictionaryEntryDto {
  @ApiProperty({ description: 'the PS3.6 keyword, as rules name tags', example: 'PatientName' }) keyword: string;
  @ApiProperty({ example: '(0010,0010)' }) tag: string;
  @ApiProperty({ example: 'PN' }) vr: string;
}
