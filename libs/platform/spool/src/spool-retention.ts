import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

interface Entry {
  paths: string[];
  mtimeMs: number;
  bytes: number;
}

/** Interrupted uploads' temp files (`*.part`, `*.tmp`) older than `maxAgeMs`; returns how many were removed. */
export async function removeStaleTemps(dir: string, maxAgeMs: number, now = Date.now()): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.part') && !name.endsWith('.tmp')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || now - info.mtimeMs <= maxAgeMs) continue;
    await unlink(path).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

/**
 * Retention of rejected uploads: each `<name>.dcm` goes together with its `<name>.dcm.txt`
 * note. Entries older than `maxAgeMs` go first, then the oldest until the rest fit `maxBytes`.
 */
export async function enforceQuarantineRetention(
  dir: string,
  limits: { maxAgeMs: number; maxBytes: number },
  now = Date.now(),
): Promise<{ removed: number; keptBytes: number }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = new Map<string, Entry>();
  for (const name of names) {
    const key = name.endsWith('.txt') ? name.slice(0, -4) : name;
    const info = await stat(join(dir, name)).catch(() => null);
    if (!info?.isFile()) continue;
    const entry = entries.get(key) ?? { paths: [], mtimeMs: 0, bytes: 0 };
    entry.paths.push(join(dir, name));
    entry.mtimeMs = Math.max(entry.mtimeMs, info.mtimeMs);
    entry.bytes += info.size;
    entries.set(key, entry);
  }
  const oldestFirst = [...entries.values()].sort((a, b) => a.mtimeMs - b.mtimeMs);
  let total = oldestFirst.reduce((n, e) => n + e.bytes, 0);
  let removed = 0;
  for (const entry of oldestFirst) {
    if (now - entry.mtimeMs <= limits.maxAgeMs && total <= limits.maxBytes) break;
    for (const path of entry.paths) await unlink(path).catch(() => undefined);
    total -= entry.bytes;
    removed++;
  }
  return { removed, keptBytes: total };
}
