import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingFile, IncomingFiles } from '../scp-types';

/**
 * For the protocol specs of this lib only: received data sets as plain files in `dir`, written
 * through one promise chain and synced at the end. The product writes through the spool's incoming
 * writer (platform/spool), which this lib may not import.
 */
export function plainIncoming(dir: string): IncomingFiles {
  mkdirSync(dir, { recursive: true });
  return {
    open(header: Buffer): IncomingFile {
      const path = join(dir, `${randomUUID()}.part`);
      const handle = open(path, 'w');
      let chain: Promise<unknown> = handle.then((fh) => fh.write(header));
      chain.catch(() => undefined);
      // the slices as given (as the spool's writer keeps them for ingest): later reads must not overwrite them
      const kept: Buffer[] = [header];
      let closed: () => void = () => undefined;
      const settled = new Promise<void>((resolve) => (closed = resolve));
      const append = (chunk: Buffer): void => {
        kept.push(chunk);
        chain = chain.then(() => handle.then((fh) => fh.write(chunk)));
        chain.catch(() => undefined);
      };
      return {
        path,
        append,
        takeBytes: () => kept,
        complete: async () => {
          try {
            await chain;
            const fh = await handle;
            await fh.sync();
            await fh.close();
          } finally {
            closed();
          }
        },
        settled: () => settled,
        discard: () => {
          void chain
            .finally(() => handle.then((fh) => fh.close()).catch(() => undefined))
            .finally(() => rmSync(path, { force: true }))
            .finally(closed);
        },
      };
    },
  };
}
