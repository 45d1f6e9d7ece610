import type { PollRequestDto } from '@axiom/contracts';
import type { PollingSourceKind } from '@axiom/domain';
import type { PollingState, PollingStateRepository } from '@axiom/persistence';
import { RequestException } from '@axiom/platform-http';
import { iso } from '../common/wire';

/** Poll-now: records the request where every poller looks (the polling state row); a disabled source is refused. */
export async function requestPoll(
  repo: PollingStateRepository,
  o: { kind: PollingSourceKind; label: string; row: { id: number; isEnabled: boolean } },
): Promise<PollRequestDto> {
  if (!o.row.isEnabled)
    throw RequestException.inUse(`${o.label} ${o.row.id} is disabled: enable it (is_enabled) to poll it`);
  const at = await repo.requestPoll({ kind: o.kind, id: o.row.id });
  return { id: o.row.id, poll_requested_at: at.toISOString() };
}

/** The polling states of a kind by source id, for the read models. */
export async function pollingStates(
  repo: PollingStateRepository,
  kind: PollingSourceKind,
): Promise<Map<number, PollingState>> {
  return new Map((await repo.states(kind)).map((s) => [s.sourceId, s]));
}

/** next_run_at of a read model: null before the first round (or when poll-now is pending, at once). */
export function nextRunOf(state: PollingState | undefined): string | null {
  if (!state || state.pollRequestedAt) return null;
  return iso(state.nextRunAt);
}

/** Whether a poller holds the source's live lease (a round is running). */
export function isPolling(state: PollingState | undefined, now = new Date()): boolean {
  return !!state?.leaseOwner && !!state.leaseExpiresAt && state.leaseExpiresAt > now;
}
