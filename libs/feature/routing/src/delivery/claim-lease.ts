import type { Logger } from '@nestjs/common';
import type { DeliveryClaim, LedgerRepository } from '@axiom/persistence';

/** Renews a claim every third of its lease from the claim to its outcome (a wait in the lane, a slow send). */
export function keepClaim(
  ledger: LedgerRepository,
  claim: DeliveryClaim,
  leaseMs: number,
  logger: Logger,
): { stop: () => void } {
  const renew = () =>
    ledger.renewClaim(claim).then(
      (live) => {
        if (!live) logger.warn(`delivery ${claim.deliveryId}: claim lost while sending`);
      },
      (err: unknown) => logger.warn(`delivery ${claim.deliveryId}: claim renewal failed: ${(err as Error).message}`),
    );
  const timer = setInterval(renew, Math.max(250, Math.floor(leaseMs / 3)));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
