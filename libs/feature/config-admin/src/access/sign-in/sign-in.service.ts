import { Inject, Injectable } from '@nestjs/common';
import {
  AccessTokenService,
  AuthException,
  GoogleIdTokenVerifier,
  GoogleIdentity,
  RateLimiter,
  googleRedirectConfigured,
} from '@axiom/auth';
import { ErrorCode, type AccessTokenDto, type SignInProvidersDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { RolesStore, UserEntity, UsersStore } from '@axiom/persistence';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { AuditService } from '../../audit/audit.service';
import { toUserDto } from '../users/user.mapper';

/** Google sign-in: verify the ID token, find or create the user, answer with our access token. */
@Injectable()
export class SignInService {
  constructor(
    private readonly users: UsersStore,
    private readonly roles: RolesStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly verifier: GoogleIdTokenVerifier,
    private readonly tokens: AccessTokenService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  /** Which sign-in methods this server offers, so the console shows only those (and probes nothing that fails). */
  providers(): SignInProvidersDto {
    return {
      google_redirect: googleRedirectConfigured(this.config),
      google_id_token: this.config.auth.google.clientId !== null,
    };
  }

  async withGoogleIdToken(idToken: string, address: string): Promise<AccessTokenDto> {
    this.limiter.consume(`sign-in:${address}`, this.config.auth.signInRatePerMinute);
    return this.signIn(await this.verifier.verify(idToken));
  }

  /** The end of the redirect flow: the console URL with our token in the fragment (never sent to servers). */
  async consoleRedirect(google: GoogleIdentity | undefined): Promise<{ url: string }> {
    if (!google) throw AuthException.unauthenticated('Google sign-in failed');
    const { access_token } = await this.signIn(google);
    return {
      url: `${this.config.auth.google.consoleUrl}#access_token=${encodeURIComponent(access_token)}&token_type=bearer`,
    };
  }

  async signIn(google: GoogleIdentity): Promise<AccessTokenDto> {
    const domains = this.config.auth.allowedEmailDomains;
    const domain = google.email.slice(google.email.lastIndexOf('@') + 1);
    if (domains.length > 0 && !domains.includes(domain))
      throw new AuthException(ErrorCode.Forbidden, `sign-in is not open to ${domain} accounts`);
    const user = await this.findOrCreate(google);
    if (!user.isActive) throw new AuthException(ErrorCode.Forbidden, 'this account is disabled');
    const dto = toUserDto(user);
    await this.audit.record({
      actor: { userId: user.id, email: user.email, roles: [], apiKeyId: null },
      action: 'sign_in',
      entityType: 'user',
      entityId: user.id,
    });
    return { access_token: await this.tokens.issue(user), token_type: 'bearer', user: dto };
  }

  /** By Google subject, else by email (a pre-registered user), else a new User. */
  private async findOrCreate(google: GoogleIdentity): Promise<UserEntity> {
    const known = (await this.users.findByGoogleId(google.subject)) ?? (await this.users.findByEmail(google.email));
    const superuser = this.config.auth.firstSuperuserEmail === google.email;
    if (known && known.googleId !== null) return known;
    const roles = await this.roles.list();
    const wanted = roles.filter((r) => r.name === RoleName.User || (superuser && r.name === RoleName.Admin));
    // first sign-in: link the Google account; FIRST_SUPERUSER_EMAIL becomes Admin now
    if (!known)
      return this.users.create({
        email: google.email,
        fullName: google.name,
        isActive: true,
        googleId: google.subject,
        roles: wanted,
      });
    known.googleId = google.subject;
    known.fullName = known.fullName ?? google.name;
    known.roles = [...(known.roles ?? []), ...wanted.filter((w) => !(known.roles ?? []).some((r) => r.id === w.id))];
    return this.users.save(known);
  }
}
