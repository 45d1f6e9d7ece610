import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rm } from 'node:fs/promises';
import { finalize, type Observable } from 'rxjs';
import { ApiException, ErrorCode } from '@axiom/contracts';

/** File dry runs at once per process: each may stream 512 MB to disk and parse its header. */
export const MAX_CONCURRENT_FILE_DRY_RUNS = 2;
export const DRY_RUN_RETRY_AFTER_SECONDS = 5;

/**
 * Placed before the multipart interceptor, so a dry run beyond the limit is refused (429 with
 * Retry-After) before a byte of its upload is read; and whatever happens next (validation error,
 * unreadable file, success), the upload's temp file is removed when the request ends.
 */
@Injectable()
export class DryRunUploadGate implements NestInterceptor {
  private active = 0;

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { file?: { path?: unknown } }>();
    if (this.active >= MAX_CONCURRENT_FILE_DRY_RUNS) {
      http.getResponse<Response>().setHeader('Retry-After', String(DRY_RUN_RETRY_AFTER_SECONDS));
      throw new ApiException(
        ErrorCode.RateLimited,
        `${MAX_CONCURRENT_FILE_DRY_RUNS} file dry runs are already running: retry in ${DRY_RUN_RETRY_AFTER_SECONDS} s`,
      );
    }
    this.active += 1;
    return next.handle().pipe(
      finalize(() => {
        this.active -= 1;
        const path = req.file?.path;
        if (typeof path === 'string') void rm(path, { force: true }).catch(() => undefined);
      }),
    );
  }
}
