import { Body, Controller, Get, HttpCode, Ip, Post, Redirect, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import {
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { GoogleIdentity, GoogleOauthGuard, Public } from '@axiom/auth';
import { AccessTokenDto, ErrorBodyDto, GoogleSignInDto, SignInProvidersDto } from '@axiom/contracts';
import { SignInService } from './sign-in.service';

/** The public sign-in routes: the offered methods, the Google ID token and the Google redirect flow. */
@ApiTags('auth')
@Controller('auth')
export class SignInController {
  constructor(private readonly signIn: SignInService) {}

  @Get('providers')
  @Public()
  @ApiOperation({
    summary: 'Sign-in methods this server offers',
    description:
      "Whether the Google redirect flow and Google ID-token sign-in are configured (API keys always work). Used by the console's sign-in page.",
  })
  @ApiOkResponse({ type: SignInProvidersDto })
  providers(): SignInProvidersDto {
    return this.signIn.providers();
  }

  @Post('google')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Sign in with a Google ID token',
    description:
      "Verifies the token (signature against Google's keys, issuer, audience GOOGLE_OAUTH_CLIENT_ID, email_verified), creates the user on first sign-in (role User; Admin for FIRST_SUPERUSER_EMAIL) and returns our access token. Rate limited per address.",
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ description: 'invalid token, wrong audience or unverified email', type: ErrorBodyDto })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto })
  @ApiServiceUnavailableResponse({ description: 'Google sign-in not configured', type: ErrorBodyDto })
  google(@Body() dto: GoogleSignInDto, @Ip() address: string): Promise<AccessTokenDto> {
    return this.signIn.withGoogleIdToken(dto.token, address);
  }

  @Get('google/login')
  @Public()
  @UseGuards(GoogleOauthGuard)
  @ApiOperation({
    summary: 'Start the Google redirect flow (console)',
    description:
      'Redirects the browser to Google (GOOGLE_AUTHORIZATION_URL). 503 unless GOOGLE_OAUTH_CLIENT_ID, GOOGLE_OAUTH_CLIENT_SECRET and GOOGLE_OAUTH_REDIRECT_URI are set.',
  })
  @ApiFoundResponse({ description: 'to Google' })
  login(): void {
    // the guard answers with the redirect
  }

  @Get('google/callback')
  @Public()
  @UseGuards(GoogleOauthGuard)
  @Redirect()
  @ApiOperation({
    summary: 'Finish the Google redirect flow',
    description:
      'Exchanges the code, verifies the ID token like POST /auth/google and redirects to AXIOM_CONSOLE_URL with `#access_token=...` in the fragment.',
  })
  @ApiFoundResponse({ description: 'to the console, token in the URL fragment' })
  callback(@Req() req: Request & { user?: GoogleIdentity }): Promise<{ url: string }> {
    return this.signIn.consoleRedirect(req.user);
  }
}
