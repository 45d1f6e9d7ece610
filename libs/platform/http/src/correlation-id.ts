import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';
export type CorrelatedRequest = Request & { correlationId?: string };

/** Gives every request an id (the caller's X-Correlation-Id / X-Request-Id when sane), echoed in the response. */
export function correlationIdMiddleware(req: CorrelatedRequest, res: Response, next: NextFunction): void {
  const given = req.headers[CORRELATION_HEADER] ?? req.headers['x-request-id'];
  const text = Array.isArray(given) ? given[0] : given;
  req.correlationId = text && /^[A-Za-z0-9._-]{8,64}$/.test(text) ? text : randomUUID();
  res.setHeader(CORRELATION_HEADER, req.correlationId);
  next();
}
