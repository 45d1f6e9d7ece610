import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written inside one unit of work carries (an HTTP request, a DIMSE association). */
export interface LogContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` (and everything it starts, sync or async) under a correlation id. */
export function runWithCorrelation<T>(correlationId: string, work: () => T): T {
  return storage.run({ correlationId }, work);
}

/** The correlation id of the unit of work running now, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** A fresh correlation id (a UUID: unique across processes, nothing of the peer in it). */
export function newCorrelationId(): string {
  return randomUUID();
}
