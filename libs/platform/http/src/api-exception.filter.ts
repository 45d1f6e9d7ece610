import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { throwError, type Observable } from 'rxjs';
import { ApiException, ErrorCode, HTTP_STATUS_OF, errorBody, type ErrorBody } from '@axiom/contracts';
import type { CorrelatedRequest } from './correlation-id';

const CODE_OF_STATUS = new Map<number, ErrorCode>(
  (Object.entries(HTTP_STATUS_OF) as [ErrorCode, number][])
    .filter(([c]) => c !== ErrorCode.InUse && c !== ErrorCode.ValidationFailed)
    .map(([c, s]) => [s, c]),
);

/**
 * The one error shape: `{detail, code, errors?}`. Bodies that are not Nest's default shape
 * (e.g. STOW-RS DICOM JSON) pass through. A 500 hides internals and carries a correlation id
 * that the log line carries too.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() !== 'http') return throwError(() => exception);
    const req = host.switchToHttp().getRequest<CorrelatedRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const parserRefusal = bodyParserRefusal(exception);
    if (parserRefusal) {
      res.status(parserRefusal.status).json(errorBody(parserRefusal.code, parserRefusal.detail));
      return;
    }
    if (isBodyParseError(exception)) {
      // the parser's message quotes the body around the error, which may hold a credential
      res.status(400).json(errorBody(ErrorCode.BadRequest, 'malformed JSON body: the request body is not valid JSON'));
      return;
    }
    if (exception instanceof ApiException) {
      res.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      res.status(exception.getStatus()).json(toBody(exception));
      return;
    }
    const correlationId = req.correlationId ?? randomUUID();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    const err = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(`correlation_id=${correlationId} ${req.method} ${req.path} failed: ${err.stack ?? err.message}`);
    const body: ErrorBody = {
      ...errorBody(
        status === 503 ? ErrorCode.NotConfigured : ErrorCode.Internal,
        status === 503 ? 'service unavailable' : 'internal server error',
      ),
      correlation_id: correlationId,
    };
    res.status(status).json(body);
  }
}

/** body-parser's own refusals (http-errors with a `type`), answered with their status, not a 500. */
const PARSER_REFUSALS: Record<string, { status: number; code: ErrorCode; detail: string }> = {
  'entity.too.large': {
    status: 413,
    code: ErrorCode.PayloadTooLarge,
    detail: 'the request body is larger than this route accepts',
  },
  'parameters.too.many': {
    status: 413,
    code: ErrorCode.PayloadTooLarge,
    detail: 'the request body has too many parameters',
  },
  'encoding.unsupported': {
    status: 415,
    code: ErrorCode.UnsupportedMediaType,
    detail: "the request body's Content-Encoding is not supported",
  },
  'charset.unsupported': {
    status: 415,
    code: ErrorCode.UnsupportedMediaType,
    detail: "the request body's charset is not supported",
  },
  'request.size.invalid': {
    status: 400,
    code: ErrorCode.BadRequest,
    detail: 'the request body does not match its Content-Length',
  },
  'request.aborted': { status: 400, code: ErrorCode.BadRequest, detail: 'the request was aborted' },
};

function bodyParserRefusal(exception: unknown): { status: number; code: ErrorCode; detail: string } | null {
  if (typeof exception !== 'object' || exception === null) return null;
  const type = (exception as { type?: unknown }).type;
  const refusal = typeof type === 'string' ? PARSER_REFUSALS[type] : undefined;
  return refusal ?? null;
}

/** A request body the JSON parser rejected (express body-parser, possibly wrapped by Nest). */
function isBodyParseError(exception: unknown): boolean {
  if (exception instanceof SyntaxError) return true;
  if (
    typeof exception === 'object' &&
    exception !== null &&
    (exception as { type?: unknown }).type === 'entity.parse.failed'
  )
    return true;
  if (exception instanceof HttpException && exception.getStatus() === 400) {
    return (
      exception.cause instanceof SyntaxError ||
      /is not valid JSON|Unexpected token|in JSON at position|Unexpected end of JSON/.test(exception.message)
    );
  }
  return false;
}

function toBody(exception: HttpException): unknown {
  const response = exception.getResponse();
  const status = exception.getStatus();
  const code = CODE_OF_STATUS.get(status) ?? ErrorCode.BadRequest;
  if (typeof response === 'string') return errorBody(code, response);
  const r = response as Record<string, unknown>;
  if (typeof r['detail'] === 'string' && typeof r['code'] === 'string') return r;
  if ('statusCode' in r && 'message' in r) {
    const message = Array.isArray(r['message']) ? r['message'].join('; ') : String(r['message']);
    return errorBody(code, message);
  }
  return r;
}
