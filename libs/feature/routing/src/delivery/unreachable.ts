import { UNREACHABLE_CLASSES } from '@axiom/domain';
import { classifyDeliveryError } from '@axiom/destinations';

/**
 * Failures that say the destination cannot be reached or does not answer (refused connections,
 * timeouts, broken connections), as opposed to one instance's trouble (a refused object, a
 * conversion that failed): only these count toward a storage backend's circuit breaker.
 */
export function isUnreachable(err: unknown): boolean {
  return UNREACHABLE_CLASSES.has(classifyDeliveryError(err));
}
