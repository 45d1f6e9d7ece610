import type { InstanceQuery } from './use-instances';

/** The search fields, kept in the URL so that a search can be linked to and survives a reload. */
export const TEXT_FILTERS = [
  'patient_id',
  'patient_name',
  'accession_number',
  'study_instance_uid',
  'source_name',
] as const;
export const STATES = ['received', 'routed', 'no_route', 'completed', 'failed', 'error', 'quarantined'] as const;
export const SOURCE_TYPES = ['dimse_listener', 'stow_rs', 'dicomweb_poller', 'dimse_qr', 'api_json'] as const;

/** `<input type="datetime-local">` speaks local time without a zone; the API wants an instant. */
export function localToIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoToLocal(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function queryFromParams(params: URLSearchParams): InstanceQuery {
  const q: InstanceQuery = {};
  for (const name of TEXT_FILTERS) {
    const v = params.get(name)?.trim();
    if (v) q[name] = v;
  }
  const state = params.get('state');
  if (state && (STATES as readonly string[]).includes(state)) q.state = state as InstanceQuery['state'];
  const sourceType = params.get('source_type');
  if (sourceType && (SOURCE_TYPES as readonly string[]).includes(sourceType))
    q.source_type = sourceType as InstanceQuery['source_type'];
  const after = params.get('received_after');
  const before = params.get('received_before');
  if (after) q.received_after = after;
  if (before) q.received_before = before;
  const offset = Number(params.get('offset') ?? 0);
  if (Number.isInteger(offset) && offset > 0) q.offset = offset;
  return q;
}
