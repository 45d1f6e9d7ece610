import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { UserDto } from './user.dto';

export class GoogleSignInDto {
  @ApiProperty({ description: 'a Google ID token (JWT) from Google Identity Services', example: 'eyJhbGciOiJSUzI1NiIsImtpZCI6Ij...' })
  @IsString() @IsNotEmpty() @MaxLength(8192)
  token: string;
}

export class AccessTokenDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiJ9...' }) access_token: string;
  @ApiProperty({ example: 'bearer' }) token_type: 'bearer';
  @ApiProperty({ type: UserDto }) user: UserDto;
}
