import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { RoleName } from '@axiom/domain';

/** Who is calling: resolved by the guard from an API key or an access token. */
export interface Identity {
  userId: number;
  email: string;
  roles: RoleName[];
  /** Set when the caller used an API key. */
  apiKeyId: number | null;
}

export type AuthenticatedRequest = Request & { identity?: Identity };

export function isAdmin(identity: Identity): boolean {
  return identity.roles.includes(RoleName.Admin);
}

/** The caller of a guarded route (the guard guarantees it is there). */
export const CurrentIdentity = createParamDecorator((_data: unknown, ctx: ExecutionContext): Identity => {
  const identity = ctx.switchToHttp().getRequest<AuthenticatedRequest>().identity;
  if (!identity) throw new Error('CurrentIdentity used on a route without identity');
  return identity;
});
