// Tag modifications as the editor holds them: one flat record per action, converted to the
// action's own JSON shape (docs/rules.md "Tag modifications").

export const MODIFY_ACTIONS = [
  'set',
  'delete',
  'prepend',
  'suffix',
  'regex_replace',
  'copy',
  'move',
  'hash_uid',
  'shift_date',
  'deidentify',
] as const;
export type ModifyAction = (typeof MODIFY_ACTIONS)[number];

export type ModificationField =
  'tag' | 'value' | 'vr' | 'pattern' | 'replacement' | 'source_tag' | 'destination_tag' | 'destination_vr' | 'max_days';
export type ModificationFlag = 'retain_uids' | 'retain_longitudinal_modified_dates';

/** The text fields each action takes, in order; optional ones are left out of the JSON when empty. */
export const ACTION_FIELDS: Record<ModifyAction, { field: ModificationField; optional?: boolean }[]> = {
  set: [{ field: 'tag' }, { field: 'value' }, { field: 'vr', optional: true }],
  delete: [{ field: 'tag' }],
  prepend: [{ field: 'tag' }, { field: 'value' }],
  suffix: [{ field: 'tag' }, { field: 'value' }],
  regex_replace: [{ field: 'tag' }, { field: 'pattern' }, { field: 'replacement' }],
  copy: [{ field: 'source_tag' }, { field: 'destination_tag' }, { field: 'destination_vr', optional: true }],
  move: [{ field: 'source_tag' }, { field: 'destination_tag' }, { field: 'destination_vr', optional: true }],
  hash_uid: [{ field: 'tag' }],
  shift_date: [{ field: 'tag' }, { field: 'max_days', optional: true }],
  deidentify: [{ field: 'max_days', optional: true }],
};

export const ACTION_FLAGS: Partial<Record<ModifyAction, ModificationFlag[]>> = {
  deidentify: ['retain_uids', 'retain_longitudinal_modified_dates'],
};

export const TAG_FIELDS: readonly ModificationField[] = ['tag', 'source_tag', 'destination_tag'];

export interface Modification {
  key: string;
  action: ModifyAction;
  fields: Partial<Record<ModificationField, string>>;
  flags: Partial<Record<ModificationFlag, boolean>>;
}

let nextKey = 0;

export function newModification(action: ModifyAction = 'set'): Modification {
  return { key: `m${++nextKey}`, action, fields: {}, flags: {} };
}

const isAction = (v: unknown): v is ModifyAction =>
  typeof v === 'string' && (MODIFY_ACTIONS as readonly string[]).includes(v);

export function modificationToApi(m: Modification): Record<string, unknown> {
  const out: Record<string, unknown> = { action: m.action };
  for (const { field, optional } of ACTION_FIELDS[m.action]) {
    const text = m.fields[field] ?? '';
    if (optional && text.trim() === '') continue;
    out[field] = field === 'max_days' ? Number(text) : text;
  }
  for (const flag of ACTION_FLAGS[m.action] ?? []) if (m.flags[flag]) out[flag] = true;
  return out;
}

export function modificationFromApi(raw: unknown): Modification {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const m = newModification(isAction(r['action']) ? r['action'] : 'set');
  for (const { field } of ACTION_FIELDS[m.action]) {
    const v = r[field];
    if (v !== undefined && v !== null) m.fields[field] = Array.isArray(v) ? v.map(String).join('\\') : String(v);
  }
  for (const flag of ACTION_FLAGS[m.action] ?? []) m.flags[flag] = r[flag] === true;
  return m;
}
