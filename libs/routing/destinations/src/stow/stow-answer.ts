/**
 * The per-instance part of a STOW-RS answer (PS3.18 10.5.3): 00081199 ReferencedSOPSequence
 * lists what the origin server stored, 00081198 FailedSOPSequence what it did not, each with its
 * 00081197 FailureReason.
 */
export interface StowAnswer {
  stored: Set<string>;
  failed: Map<string, number | null>;
}

type Json = Record<string, { Value?: unknown[] } | undefined>;

function itemsOf(body: Json, tag: string): Json[] {
  const value = body[tag]?.Value;
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];
}

function firstString(item: Json, tag: string): string | null {
  const v = item[tag]?.Value?.[0];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Reads a DICOM JSON answer (an object, or an array of one object); null when it is not one. */
export function readStowAnswer(body: Buffer): StowAnswer | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const root = (Array.isArray(parsed) ? parsed[0] : parsed) as Json | undefined;
  if (!root || typeof root !== 'object') return null;
  const stored = new Set<string>();
  const failed = new Map<string, number | null>();
  for (const item of itemsOf(root, '00081199')) {
    const uid = firstString(item, '00081155');
    if (uid) stored.add(uid);
  }
  for (const item of itemsOf(root, '00081198')) {
    const uid = firstString(item, '00081155');
    const reason = item['00081197']?.Value?.[0];
    if (uid)
      failed.set(
        uid,
        typeof reason === 'number'
          ? reason
          : typeof reason === 'string' && /^\d+$/.test(reason)
            ? Number(reason)
            : null,
      );
  }
  return { stored, failed };
}

const REASONS: Record<number, string> = {
  0x0110: 'processing failure',
  0x0111: 'duplicate SOP instance',
  0x0112: 'no such object instance',
  0x0122: 'SOP class not supported',
  0xa700: 'out of resources',
  0xa900: 'data set does not match SOP class',
  0xc000: 'cannot understand',
  0xc122: 'referenced transfer syntax not supported',
};

export function describeFailureReason(reason: number | null): string {
  if (reason === null) return 'no failure reason given';
  const hex = `0x${reason.toString(16).toUpperCase().padStart(4, '0')}`;
  return `failure reason ${hex}${REASONS[reason] ? ` (${REASONS[reason]})` : ''}`;
}

/** Out of resources may pass; every other refusal of an instance would repeat. */
export function isTransientFailureReason(reason: number | null): boolean {
  return reason !== null && (reason & 0xff00) === 0xa700;
}
