import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';
import { AuthException } from './auth.exception';
import { AuthenticatedRequest, isAdmin } from './identity';
import { IdentityResolver } from './identity-resolver.service';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/**
 * The global guard of every HTTP route: `@Public()` routes pass; others need an identity (401)
 * holding one of the route's `@Roles` (403). Admin passes every role check. A route with no
 * decorator is Admin-only (fail closed). Message handlers (non-HTTP contexts) are not routes.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: IdentityResolver,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) {
      req.identity = (await this.resolver.resolve(req).catch(() => null)) ?? undefined;
      return true;
    }
    const identity = await this.resolver.resolve(req);
    if (!identity) throw AuthException.unauthenticated();
    req.identity = identity;
    const allowed = this.reflector.getAllAndOverride<RoleName[] | undefined>(ROLES_KEY, targets) ?? [RoleName.Admin];
    if (isAdmin(identity) || allowed.some((r) => identity.roles.includes(r))) return true;
    throw new AuthException(ErrorCode.Forbidden, `this action needs the role ${allowed.join(' or ')}`);
  }
}
