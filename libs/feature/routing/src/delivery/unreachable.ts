import { DeliveryError } from '@axiom/destinations';

/**
 * Failures that say the destination cannot be reached or does not answer, as opposed to one
 * instance's trouble (a refused object, a conversion that failed): only these count toward a
 * storage backend's circuit breaker.
 */
const UNREACHABLE = [
  /cannot connect/i, /timed out/i, /did not answer within/i, /\btimeout\b/i, /aborted the association/i,
  /connection closed/i, /association rejected/i, /socket hang up/i, /fetch failed/i,
  /\bE(CONNREFUSED|CONNRESET|CONNABORTED|HOSTUNREACH|NETUNREACH|HOSTDOWN|TIMEDOUT|PIPE|AI_AGAIN|NOTFOUND)\b/,
  /\bHTTP (502|503|504)\b/, /\b(502|503|504) (Bad Gateway|Service Unavailable|Gateway Timeout)\b/i,
];

export function isUnreachable(err: unknown): boolean {
  if (err instanceof DeliveryError && err.permanent) return false;
  const text = `${(err as Error)?.message ?? String(err)} ${(err as NodeJS.ErrnoException)?.code ?? ''}`;
  return UNREACHABLE.some((re) => re.test(text));
}
