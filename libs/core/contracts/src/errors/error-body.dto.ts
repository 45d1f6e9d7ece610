import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-code';

export class FieldErrorDto {
  @ApiProperty({ example: 'remote_port' })
  path: string;

  @ApiProperty({ example: 'remote_port must not be greater than 65535' })
  message: string;
}

export class ErrorBodyDto {
  @ApiProperty({ example: 'validation failed' })
  detail: string;

  @ApiProperty({ enum: ErrorCode, example: ErrorCode.ValidationFailed })
  code: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    description: 'only on 500: the id the server log carries too',
    example: 'b7f6c1e2-3c4d-4e5f-9a8b-0c1d2e3f4a5b',
  })
  correlation_id?: string;
}
