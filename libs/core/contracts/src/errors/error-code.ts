import { HttpException } from '@nestjs/common';

/** Machine-readable error codes of the REST API; the table below maps each to its HTTP status. */
export enum ErrorCode {
  BadRequest = 'bad_request',
  ValidationFailed = 'validation_failed',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  NameConflict = 'name_conflict',
  InUse = 'in_use',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  RateLimited = 'rate_limited',
  NotConfigured = 'not_configured',
  Internal = 'internal_error',
}

export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.ValidationFailed]: 422,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.NameConflict]: 409,
  [ErrorCode.InUse]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.NotConfigured]: 503,
  [ErrorCode.Internal]: 500,
};

export interface FieldError {
  /** JSON path of the offending field, e.g. `match_criteria[0].op`. */
  path: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  /** Only on 500: the id the log line carries too. */
  correlation_id?: string;
}

/** Base of the per-module exceptions: a code, a human sentence and optional field errors. */
export class ApiException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(errorBody(code, detail, errors), HTTP_STATUS_OF[code]);
  }
}

export function errorBody(code: ErrorCode, detail: string, errors: FieldError[] = []): ErrorBody {
  return errors.length > 0 ? { detail, code, errors } : { detail, code };
}
