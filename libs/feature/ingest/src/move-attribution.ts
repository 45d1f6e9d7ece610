import { Injectable, Logger } from '@nestjs/common';
import type { IncomingInstance } from '@axiom/dicom-dimse';
import { MoveSourceIdentity, MoveSourceStore } from '@axiom/persistence';

type Arrival = Pick<IncomingInstance, 'moveOriginator'> & {
  association: Pick<IncomingInstance['association'], 'callingAeTitle' | 'calledAeTitle'>;
};

/**
 * The Q/R source a C-STORE belongs to, when it is a sub-operation of one of our C-MOVEs: its
 * Move Originator AE is the source's local AE and it arrives at the source's move destination.
 * The sending AE must be the source's remote AE too, unless only one source fits without it
 * (a PACS that stores under another AE title than it answers queries with). Null: a plain C-STORE.
 */
export function attributeMoveArrival(arrival: Arrival, sources: readonly MoveSourceIdentity[]): string | null {
  const originator = arrival.moveOriginator?.aeTitle.trim();
  if (!originator) return null;
  const called = arrival.association.calledAeTitle.trim();
  const candidates = sources.filter(
    (s) => s.localAeTitle.trim() === originator && s.moveDestinationAeTitle.trim() === called,
  );
  const exact = candidates.find((s) => s.remoteAeTitle.trim() === arrival.association.callingAeTitle.trim());
  if (exact) return exact.name;
  return candidates.length === 1 ? (candidates[0] as MoveSourceIdentity).name : null;
}

/** Source rows are read again after this; sooner (REREAD_MS) when an arrival matches none of them. */
const CACHE_MS = 3000;
const REREAD_MS = 250;

/**
 * Attribution of C-MOVE arrivals at our listeners to the Q/R source that asked for them, so the
 * ledger records them with that source (type dimse_qr, its name) and the source's rules and
 * counts apply. Reads the source rows (cached briefly), so it works when the poller is another
 * process than the listener.
 */
@Injectable()
export class MoveAttribution {
  private readonly logger = new Logger('MoveAttribution');
  private cached: { at: number; rows: Promise<MoveSourceIdentity[]> } | null = null;

  constructor(private readonly sources: MoveSourceStore) {}

  /** The Q/R source name of a C-MOVE sub-operation, or null for anything else. */
  async sourceOf(instance: IncomingInstance): Promise<string | null> {
    if (!instance.moveOriginator) return null;
    try {
      const found = attributeMoveArrival(instance, await this.rows());
      // a source created since the rows were read: read them again (at most every REREAD_MS)
      if (found === null && this.cached && Date.now() - this.cached.at >= REREAD_MS) {
        this.cached = null;
        return attributeMoveArrival(instance, await this.rows());
      }
      return found;
    } catch (err) {
      this.logger.warn(`cannot read the DIMSE Q/R sources to attribute a C-MOVE arrival: ${(err as Error).message}`);
      return null;
    }
  }

  private rows(): Promise<MoveSourceIdentity[]> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.rows;
    const rows = this.sources.enabledIdentities();
    this.cached = { at: Date.now(), rows };
    rows.catch(() => {
      this.cached = null;
    });
    return rows;
  }
}
