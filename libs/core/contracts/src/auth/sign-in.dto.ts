import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { UserDto } from './user.dto';

export class GoogleSignInDto {
  @ApiProperty({
    description: 'a Google ID token (JWT) from Google Identity Services',
    example: 'eyJhbGciOiJSUzI1NiIsImtpZCI6Ij...',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(8192)
  token: string;
}

export class AccessTokenDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiJ9...' }) access_token: string;
  @ApiProperty({ example: 'bearer' }) token_type: 'bearer';
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class SignInProvidersDto {
  @ApiProperty({ description: 'the Google redirect flow (GET /auth/google/login) is configured', example: true })
  google_redirect: boolean;
  @ApiProperty({ description: 'Google ID-token sign-in (POST /auth/google) is configured', example: true })
  google_id_token: boolean;
}
