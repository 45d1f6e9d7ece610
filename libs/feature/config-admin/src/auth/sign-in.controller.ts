import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '@axiom/auth';
import { AccessTokenDto, ErrorBodyDto, GoogleSignInDto } from '@axiom/contracts';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Controller('auth')
export class SignInController {
  constructor(private readonly signIn: SignInService) {}

  @Post('google')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Sign in with a Google ID token',
    description: 'Verifies the token (signature against Google\'s keys, issuer, audience GOOGLE_OAUTH_CLIENT_ID, email_verified), creates the user on first sign-in (role User; Admin for FIRST_SUPERUSER_EMAIL) and returns our access token. Rate limited per address.',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ description: 'invalid token, wrong audience or unverified email', type: ErrorBodyDto })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto })
  @ApiServiceUnavailableResponse({ description: 'Google sign-in not configured', type: ErrorBodyDto })
  google(@Body() dto: GoogleSignInDto, @Ip() address: string): Promise<AccessTokenDto> {
    return this.signIn.withGoogleIdToken(dto.token, address);
  }
}
