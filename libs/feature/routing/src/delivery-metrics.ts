import { metrics } from '@axiom/observability';
import { DeliveryOutcome } from '@axiom/persistence';

/**
 * Counts a recorded delivery outcome by storage backend, and for a delivered one observes the
 * time since its instance was received (read after the fact, off the send's path).
 */
export function observeDelivery(
  outcome: DeliveryOutcome,
  destination: string,
  receivedAt: () => Promise<Date | null | undefined>,
): void {
  metrics.deliveries.inc({ destination, outcome: outcome.kind });
  if (outcome.kind !== 'delivered') return;
  receivedAt().then(
    (at) => {
      if (at) metrics.deliveryLatency.observe({ destination }, Math.max(0, Date.now() - at.getTime()) / 1000);
    },
    () => undefined,
  );
}
