import { CommandResponse } from './pdu';
import { DimseError, PresentationNeed, ScuPeer, ScuTimeouts, StoreAssociation, StoreFile } from './store-scu';

interface PeerSlot {
  association: StoreAssociation | null;
  /** Every (SOP class, transfer syntax) this peer was sent, proposed again on reconnect. */
  needs: Map<string, PresentationNeed>;
  chain: Promise<unknown>;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * Keeps one association per peer open for consecutive instances, serialises the sends to a peer,
 * re-associates when an instance needs a presentation context the current association lacks,
 * and releases the association after `idleCloseMs` without traffic.
 */
export class StoreAssociationPool {
  private readonly slots = new Map<string, PeerSlot>();

  constructor(private readonly timeouts: ScuTimeouts & { idleCloseMs: number }) {}

  store(peer: ScuPeer, file: StoreFile): Promise<CommandResponse> {
    const key = `${peer.host}:${peer.port}|${peer.callingAeTitle}|${peer.calledAeTitle}`;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { association: null, needs: new Map(), chain: Promise.resolve(), idleTimer: null };
      this.slots.set(key, slot);
    }
    const s = slot;
    const run = async (): Promise<CommandResponse> => {
      if (s.idleTimer) clearTimeout(s.idleTimer);
      try {
        return await this.storeOn(s, peer, file);
      } finally {
        s.idleTimer = setTimeout(() => {
          const a = s.association;
          s.association = null;
          void a?.release();
        }, this.timeouts.idleCloseMs);
        s.idleTimer.unref();
      }
    };
    const result = s.chain.then(run, run);
    s.chain = result.catch(() => undefined);
    return result;
  }

  private async storeOn(slot: PeerSlot, peer: ScuPeer, file: StoreFile): Promise<CommandResponse> {
    const needKey = `${file.sopClassUid}|${file.transferSyntaxUid}`;
    const current = slot.association;
    if (current && current.isOpen && current.contextFor(file) !== undefined) {
      try {
        return await current.store(file);
      } catch (err) {
        // the association broke (peer restarted, idle timeout on its side): one fresh try below
        current.destroy();
        slot.association = null;
        if (!(err instanceof DimseError)) throw err;
      }
    } else if (current) {
      await current.release();
      slot.association = null;
    }
    slot.needs.set(needKey, { sopClassUid: file.sopClassUid, transferSyntaxUid: file.transferSyntaxUid });
    const fresh = new StoreAssociation(peer, this.timeouts);
    await fresh.open([...slot.needs.values()]);
    slot.association = fresh;
    if (fresh.contextFor(file) === undefined) {
      slot.needs.delete(needKey);
      throw new DimseError(`${peer.calledAeTitle}@${peer.host}:${peer.port} refused ${file.sopClassUid} in transfer syntax ${file.transferSyntaxUid}`);
    }
    return fresh.store(file);
  }

  async closeAll(): Promise<void> {
    const all = [...this.slots.values()];
    this.slots.clear();
    await Promise.all(all.map(async (s) => {
      if (s.idleTimer) clearTimeout(s.idleTimer);
      await s.chain;
      await s.association?.release();
    }));
  }
}
