import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScpListener } from '../scp-server';
import type { StoreHandler } from '../scp-types';
import { plainIncoming } from './plain-incoming';

export interface LoopbackScp {
  listener: ScpListener;
  /** The temp folder the received files are written under. */
  dir: string;
  /** Stops the listener and removes the folder. */
  stop(): Promise<void>;
}

/**
 * For the protocol specs of this lib: our SCP (AE title AXIOM) on 127.0.0.1 at a port the OS
 * gives, writing what it receives under a new temp folder named after `prefix`.
 */
export async function startLoopbackScp(prefix: string, store: StoreHandler['store']): Promise<LoopbackScp> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const listener = new ScpListener({
    name: 'test',
    aeTitle: 'AXIOM',
    port: 0,
    host: '127.0.0.1',
    incoming: plainIncoming(join(dir, 'incoming')),
    handler: { store },
  });
  await listener.start();
  return {
    listener,
    dir,
    stop: async () => {
      await listener.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
