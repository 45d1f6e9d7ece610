import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { RoleName } from '@axiom/domain';
import { TimestampsDto } from '../common/timestamps.dto';

export class RoleDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ enum: RoleName, example: RoleName.Admin }) name: string;
  @ApiProperty({ nullable: true, type: String, example: 'manages everything' }) description: string | null;
}

export class UserDto extends TimestampsDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'ana@example.org' }) email: string;
  @ApiProperty({ nullable: true, type: String, example: 'Ana Silva' }) full_name: string | null;
  @ApiProperty({ example: true }) is_active: boolean;
  @ApiProperty({ type: [RoleDto] }) roles: RoleDto[];
}

export class CreateUserDto {
  @ApiProperty({ example: 'ana@example.org' })
  @IsEmail()
  @MaxLength(255)
  email: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Ana Silva' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  full_name?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'ana@example.org' })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  full_name?: string | null;

  @ApiPropertyOptional({ description: 'false blocks sign-in and every key of the user' })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

export class AssignRoleDto {
  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  role_id: number;
}
