import { DeliveryErrorClass } from '@axiom/domain';
import { DeliveryError } from './destination';

/** What a failure's text and errno code say, in order: the first match gives the class. */
const BY_TEXT: [RegExp, DeliveryErrorClass][] = [
  [/\bECONNREFUSED\b|cannot connect|association rejected|connection refused/i, DeliveryErrorClass.ConnectionRefused],
  [
    /timed out|did not answer within|\btimeout\b|\bETIMEDOUT\b|\bHTTP (408|504)\b|\b(408|504) (Request Timeout|Gateway Timeout)\b/i,
    DeliveryErrorClass.Timeout,
  ],
  [
    /aborted the association|connection closed|socket hang up|fetch failed|\bE(CONNRESET|CONNABORTED|HOSTUNREACH|NETUNREACH|HOSTDOWN|PIPE|AI_AGAIN|NOTFOUND)\b|\bHTTP (502|503)\b|\b(502|503) (Bad Gateway|Service Unavailable)\b/i,
    DeliveryErrorClass.Unreachable,
  ],
  [/\bE(NOENT|ACCES|PERM|IO|NOSPC|ROFS|ISDIR|NOTDIR|DQUOT)\b/, DeliveryErrorClass.Io],
];

/**
 * Why a send failed, as a class (errors as data: stored with the delivery, filtered by in the
 * console, and the breaker counts only the unreachable ones). An adapter that knows says it in
 * its DeliveryError; otherwise the failure's text and errno code decide; a permanent refusal
 * without a better class is `permanent`, and what nothing explains is `other`.
 */
export function classifyDeliveryError(err: unknown): DeliveryErrorClass {
  if (err instanceof DeliveryError && err.errorClass) return err.errorClass;
  const text = `${(err as Error)?.message ?? String(err)} ${(err as NodeJS.ErrnoException)?.code ?? ''}`;
  const found = BY_TEXT.find(([re]) => re.test(text))?.[1];
  if (err instanceof DeliveryError && err.permanent)
    return found === DeliveryErrorClass.Io ? found : DeliveryErrorClass.Permanent;
  return found ?? DeliveryErrorClass.Other;
}

/** The HTTP status's class: timeouts and gateways that say the service is down, else the peer's own answer. */
export function httpErrorClass(status: number): DeliveryErrorClass {
  if (status === 408 || status === 504) return DeliveryErrorClass.Timeout;
  if (status === 502 || status === 503) return DeliveryErrorClass.Unreachable;
  return DeliveryErrorClass.PeerStatus;
}
