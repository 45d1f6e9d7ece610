import { Dirent } from 'node:fs';
import { opendir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { QUEUE_OF, MessageName } from '@axiom/domain';
import { InProcessBroker, queueDepths } from '@axiom/messaging';
import { metrics, onScrape } from '@axiom/observability';

/** A walk of the spool is repeated at most this often; scrapes in between reuse its total. */
const SPOOL_WALK_EVERY_MS = 30_000;
/** Entries one walk looks at, at most (a spool of millions of files is reported as counted so far). */
const SPOOL_WALK_MAX_ENTRIES = 200_000;
const QUEUE_DEPTH_EVERY_MS = 10_000;

/** Keeps the spool gauges fresh: free space at every scrape, the bytes held from a bounded, cached walk. */
export function registerSpoolMetrics(spoolPath: string): () => void {
  let walkedAt = 0;
  let walking: Promise<void> | null = null;
  return onScrape(async () => {
    const fs = await statfs(spoolPath).catch(() => null);
    if (fs) metrics.spoolFreeBytes.set(fs.bavail * fs.bsize);
    if (Date.now() - walkedAt >= SPOOL_WALK_EVERY_MS) {
      walking ??= spoolBytes(spoolPath)
        .then((bytes) => {
          metrics.spoolBytes.set(bytes);
          walkedAt = Date.now();
        })
        .finally(() => {
          walking = null;
        });
    }
    await walking;
  });
}

async function spoolBytes(root: string): Promise<number> {
  let total = 0;
  let seen = 0;
  const folders = [root];
  while (folders.length > 0 && seen < SPOOL_WALK_MAX_ENTRIES) {
    const folder = folders.pop() as string;
    const dir = await opendir(folder).catch(() => null);
    if (!dir) continue;
    for await (const entry of dir as AsyncIterable<Dirent>) {
      if (++seen >= SPOOL_WALK_MAX_ENTRIES) break;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) folders.push(path);
      else if (entry.isFile()) total += (await stat(path).catch(() => null))?.size ?? 0;
    }
  }
  return total;
}

/** Queue depths from RabbitMQ (at most every 10 s: each look opens a connection) or from the in-process broker. */
export function registerQueueMetrics(source: { rabbitmqUrl: string } | { broker: InProcessBroker }): () => void {
  let lookedAt = 0;
  return onScrape(async () => {
    if ('broker' in source) {
      for (const [message, queue] of Object.entries(QUEUE_OF))
        metrics.queueDepth.set({ queue }, source.broker.depth(message as MessageName));
      return;
    }
    if (Date.now() - lookedAt < QUEUE_DEPTH_EVERY_MS) return;
    lookedAt = Date.now();
    for (const [queue, depth] of Object.entries(await queueDepths(source.rabbitmqUrl)))
      metrics.queueDepth.set({ queue }, depth);
  });
}
