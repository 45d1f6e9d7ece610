import { SetMetadata, applyDecorators } from '@nestjs/common';
import {
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '@axiom/contracts';
import { RoleName } from '@axiom/domain';

export const ROLES_KEY = 'axiom:roles';
export const PUBLIC_KEY = 'axiom:public';
/** OpenAPI extensions that let tests and clients see a route's guard. */
export const ROLES_EXTENSION = 'x-axiom-roles';
export const PUBLIC_EXTENSION = 'x-axiom-public';

/**
 * The roles that may call a route. `Admin` may always call it; a route with neither `@Roles`
 * nor `@Public` is Admin-only at run time and fails the lint rule `axiom/route-guarded`.
 */
export function Roles(...roles: RoleName[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiExtension(ROLES_EXTENSION, roles),
    ApiSecurity('api-key'),
    ApiSecurity('bearer'),
    ApiUnauthorizedResponse({ description: 'no or invalid identity', type: ErrorBodyDto }),
    ApiForbiddenResponse({
      description: `allowed roles: ${[RoleName.Admin, ...roles.filter((r) => r !== RoleName.Admin)].join(', ')}`,
      type: ErrorBodyDto,
    }),
    ApiTooManyRequestsResponse({ description: 'rate limit of the API key exceeded', type: ErrorBodyDto }),
  );
}

/** A route anyone may call (sign-in, health). */
export function Public(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(PUBLIC_EXTENSION, true));
}
