import { ApiException, ErrorCode } from '@axiom/contracts';

type AuthErrorCode = ErrorCode.Unauthorized | ErrorCode.Forbidden | ErrorCode.RateLimited | ErrorCode.NotConfigured;

/** 401 / 403 / 429 of the auth layer. Details never say which part of a credential was wrong. */
export class AuthException extends ApiException {
  constructor(code: AuthErrorCode, detail: string) {
    super(code, detail);
  }

  static unauthenticated(detail = 'not authenticated'): AuthException {
    return new AuthException(ErrorCode.Unauthorized, detail);
  }
}
