import { CommandResponse } from './pdu';
import { DimseError, PresentationNeed, ScuPeer, ScuTimeouts, StoreFile } from './scu-types';
import { StoreAssociation } from './store-scu';

/** Contexts one A-ASSOCIATE-RQ may carry (PS3.8: odd context ids 1..255). */
const MAX_CONTEXTS = 128;
export const DEFAULT_MAX_ASSOCIATIONS = 2;

interface Slot {
  association: StoreAssociation | null;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
}

interface PeerGroup {
  slots: Slot[];
  /** Every (SOP class, transfer syntax) this peer was offered, proposed again on each new association. */
  needs: Map<string, PresentationNeed>;
  waiters: (() => void)[];
  maxAssociations: number;
}

const needKey = (n: PresentationNeed) => `${n.sopClassUid}|${n.transferSyntaxUid}`;

/**
 * One association leased to one sender at a time. The contexts it carries were negotiated for
 * everything the lease asked for, so the sender can see which of its transfer syntaxes the peer
 * accepted before it converts anything.
 */
export class StoreLease {
  private released = false;

  constructor(
    private readonly pool: StoreAssociationPool,
    private readonly group: PeerGroup,
    private readonly slot: Slot,
    private readonly peer: ScuPeer,
    private reused: boolean,
  ) {}

  accepts(need: PresentationNeed): boolean {
    return this.slot.association?.contextFor(need) !== undefined;
  }

  /** Why the peer refused the context, or undefined when it accepted it. */
  refusal(need: PresentationNeed): string | undefined {
    return this.slot.association?.refusal(need);
  }

  /**
   * Sends one instance. An association reused from an earlier send may have been closed by the
   * peer meanwhile (restart, idle timeout on its side): that gets one fresh association.
   */
  async store(file: StoreFile): Promise<CommandResponse> {
    const association = this.slot.association;
    if (!association) throw new DimseError('the leased association is closed');
    try {
      return await association.store(file);
    } catch (err) {
      association.destroy();
      this.slot.association = null;
      if (!this.reused || !(err instanceof DimseError)) throw err;
    }
    this.reused = false;
    const fresh = await this.pool.openOn(this.group, this.slot, this.peer, [file]);
    return fresh.store(file);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.pool.giveBack(this.group, this.slot);
  }
}

/**
 * Keeps up to `maxAssociations` associations per peer open for consecutive instances, one sender
 * per association at a time, re-associates when an instance needs a presentation context the
 * association lacks, and releases an association after `idleCloseMs` without traffic.
 */
export class StoreAssociationPool {
  private readonly groups = new Map<string, PeerGroup>();
  private closed = false;

  constructor(private readonly timeouts: ScuTimeouts & { idleCloseMs: number }) {}

  /** Leases an association that has negotiated every one of `needs` (accepted or refused). */
  async acquire(
    peer: ScuPeer,
    needs: PresentationNeed[],
    maxAssociations = DEFAULT_MAX_ASSOCIATIONS,
  ): Promise<StoreLease> {
    if (this.closed) throw new DimseError('the association pool is closed');
    if (needs.length === 0 || needs.length > MAX_CONTEXTS)
      throw new DimseError(`an instance needs 1 to ${MAX_CONTEXTS} presentation contexts, not ${needs.length}`);
    const key = `${peer.host}:${peer.port}|${peer.callingAeTitle}|${peer.calledAeTitle}|${peer.tls ? 'tls' : 'tcp'}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { slots: [], needs: new Map(), waiters: [], maxAssociations };
      this.groups.set(key, group);
    }
    group.maxAssociations = Math.max(1, maxAssociations);
    const covers = (s: Slot) => Boolean(s.association?.isOpen && needs.every((n) => s.association?.proposed(n)));
    for (;;) {
      if (this.closed) throw new DimseError('the association pool is closed');
      const idle = group.slots.filter((s) => !s.busy);
      const slot =
        idle.find(covers) ?? idle[0] ?? (group.slots.length < group.maxAssociations ? this.addSlot(group) : undefined);
      if (slot) {
        slot.busy = true;
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
        if (covers(slot)) return new StoreLease(this, group, slot, peer, true);
        try {
          await this.openOn(group, slot, peer, needs);
        } catch (err) {
          this.giveBack(group, slot);
          throw err;
        }
        return new StoreLease(this, group, slot, peer, false);
      }
      const g = group;
      await new Promise<void>((resolve) => g.waiters.push(resolve));
    }
  }

  /** Sends one instance in exactly its stored transfer syntax (no fallback). */
  async store(peer: ScuPeer, file: StoreFile, maxAssociations = DEFAULT_MAX_ASSOCIATIONS): Promise<CommandResponse> {
    const lease = await this.acquire(peer, [file], maxAssociations);
    try {
      if (!lease.accepts(file))
        throw new DimseError(
          lease.refusal(file) ?? `${peer.calledAeTitle} refused ${file.sopClassUid} in ${file.transferSyntaxUid}`,
        );
      return await lease.store(file);
    } finally {
      lease.release();
    }
  }

  /** (Re)opens the slot's association proposing `needs` first, then what the peer was offered before. */
  async openOn(group: PeerGroup, slot: Slot, peer: ScuPeer, needs: PresentationNeed[]): Promise<StoreAssociation> {
    const old = slot.association;
    slot.association = null;
    await old?.release();
    for (const n of needs)
      group.needs.set(needKey(n), { sopClassUid: n.sopClassUid, transferSyntaxUid: n.transferSyntaxUid });
    const wanted = new Map(needs.map((n) => [needKey(n), n]));
    for (const [k, n] of group.needs) {
      if (wanted.size >= MAX_CONTEXTS) break;
      if (!wanted.has(k)) wanted.set(k, n);
    }
    // keep the remembered set bounded: what did not fit is forgotten, not proposed forever
    if (group.needs.size > MAX_CONTEXTS) group.needs = new Map(wanted);
    const fresh = new StoreAssociation(peer, this.timeouts);
    await fresh.open([...wanted.values()]);
    slot.association = fresh;
    return fresh;
  }

  giveBack(group: PeerGroup, slot: Slot): void {
    slot.busy = false;
    if (!slot.association?.isOpen || this.closed) {
      const a = slot.association;
      slot.association = null;
      void a?.release();
      group.slots = group.slots.filter((s) => s !== slot);
    } else {
      slot.idleTimer = setTimeout(() => {
        const a = slot.association;
        slot.association = null;
        group.slots = group.slots.filter((s) => s !== slot);
        void a?.release();
      }, this.timeouts.idleCloseMs);
      slot.idleTimer.unref();
    }
    group.waiters.shift()?.();
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const releases: Promise<void>[] = [];
    for (const group of this.groups.values()) {
      for (const slot of group.slots) {
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        if (slot.busy) continue; // released by its lease, which sees the pool closed
        releases.push(slot.association?.release() ?? Promise.resolve());
        slot.association = null;
      }
      group.slots = group.slots.filter((s) => s.busy);
      for (const wake of group.waiters.splice(0)) wake();
    }
    this.groups.clear();
    await Promise.all(releases);
  }

  private addSlot(group: PeerGroup): Slot {
    const slot: Slot = { association: null, busy: false, idleTimer: null };
    group.slots.push(slot);
    return slot;
  }
}
