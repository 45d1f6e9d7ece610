import { parseTagPath } from '@axiom/dicom-io';
import type { TagModification } from '@axiom/domain';

/** Tag paths a modification reads or writes. */
export function modificationPaths(m: TagModification): string[] {
  if (m.action === 'copy' || m.action === 'move') return [m.source_tag, m.destination_tag];
  if (m.action === 'deidentify') return [];
  return [m.tag];
}

/** The top-level standard tags modifications start from (private references count as their group). */
export function topLevelTags(modifications: TagModification[]): number[] {
  const out: number[] = [];
  for (const m of modifications) {
    for (const p of modificationPaths(m)) {
      try {
        const first = parseTagPath(p).segments[0]?.ref;
        if (first) out.push(first.kind === 'tag' ? first.tag : (first.group << 16) >>> 0);
      } catch {
        // invalid paths are reported by the action itself
      }
    }
  }
  return out;
}
