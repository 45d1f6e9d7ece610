import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** A storage backend's own retry schedule; an absent field takes the process's (DELIVERY_MAX_ATTEMPTS, DELIVERY_BACKOFF_*). */
export class RetryPolicyDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1000,
    description: 'attempts before a delivery is dead-lettered',
    example: 21,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  max_attempts?: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3600,
    description: 'first wait after a failure; each later one doubles',
    example: 30,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  backoff_base_seconds?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 86400, description: 'longest wait between two attempts', example: 7200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  backoff_max_seconds?: number;
}
