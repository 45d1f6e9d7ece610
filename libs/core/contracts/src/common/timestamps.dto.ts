import { ApiProperty } from '@nestjs/swagger';

export class TimestampsDto {
  @ApiProperty({ example: '2025-01-31T10:15:00.000Z' })
  created_at: string;

  @ApiProperty({ example: '2025-01-31T10:15:00.000Z' })
  updated_at: string;
}
