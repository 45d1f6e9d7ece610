// Declarative form fields: each config page lists its inputs once (name = the API's field name, so
// a 422 finds its input), and ConfigForm renders, shows/hides by type, and converts to a body.

export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

export type FieldKind = 'text' | 'number' | 'switch' | 'select' | 'textarea' | 'json' | 'secret';

export interface FieldSpec<Name extends string = string> {
  name: Name;
  label: string;
  kind: FieldKind;
  required?: boolean;
  description?: string;
  placeholder?: string;
  options?: { value: string; label: string }[];
  /** Empty means null (clears the value) rather than "not sent". */
  nullable?: boolean;
  /** Not editable once the item exists (e.g. the backend type). */
  createOnly?: boolean;
  /** Only shown, validated and sent when this holds (type-dependent fields). */
  when?: (values: FormValues) => boolean;
  /** secret: the response flag that says a value is stored (its value is never returned). */
  setFlag?: string;
  /** secret: a long value (a JSON key file) rather than a password. */
  multiline?: boolean;
  /** secret: shown in clear (a header name that belongs to the write-only credentials). */
  plain?: boolean;
  /** Part of the form but not a body field: the page's toBody reads it. */
  virtual?: boolean;
  min?: number;
  max?: number;
}

export function visibleFields<N extends string>(specs: readonly FieldSpec<N>[], values: FormValues): FieldSpec<N>[] {
  return specs.filter((s) => !s.when || s.when(values));
}

/** Form values from an item of the API (or the defaults for a new one); secrets always start empty. */
export function initialValues(
  specs: readonly FieldSpec[],
  item: Record<string, unknown> | null,
  defaults: FormValues = {},
): FormValues {
  const values: FormValues = {};
  for (const s of specs) {
    const fromItem = s.kind === 'secret' || !item ? undefined : item[s.name];
    const fallback = defaults[s.name] ?? (s.kind === 'switch' ? false : '');
    if (fromItem === undefined || fromItem === null) values[s.name] = fallback;
    else if (s.kind === 'switch') values[s.name] = Boolean(fromItem);
    else if (s.kind === 'json') values[s.name] = JSON.stringify(fromItem, null, 2);
    else values[s.name] = String(fromItem);
  }
  return values;
}

/** Checks that need no server: required inputs, numbers and JSON objects. Keyed by field name. */
export function localErrors(
  specs: readonly FieldSpec[],
  values: FormValues,
  editing: boolean,
  secretsSet: Record<string, boolean>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const s of visibleFields(specs, values)) {
    const v = values[s.name];
    const text = typeof v === 'string' ? v.trim() : '';
    if (s.kind === 'switch') continue;
    const secretKept = s.kind === 'secret' && editing && s.setFlag !== undefined && secretsSet[s.setFlag] === true;
    if (s.required && !text && !secretKept) errors[s.name] = `${s.label} is required`;
    else if (s.kind === 'number' && text && !Number.isFinite(Number(text)))
      errors[s.name] = `${s.label} must be a number`;
    else if (s.kind === 'json' && text) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          errors[s.name] = `${s.label} must be a JSON object`;
      } catch {
        errors[s.name] = `${s.label} is not valid JSON`;
      }
    }
  }
  return errors;
}

/**
 * The request body from the visible, non-virtual fields. Empty secrets are not sent (write-only:
 * empty = keep what is stored); `a.b` names are gathered into an object `a`.
 */
export function toBody(specs: readonly FieldSpec[], values: FormValues, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const s of visibleFields(specs, values)) {
    if (s.virtual || (editing && s.createOnly)) continue;
    const v = values[s.name];
    let out: unknown;
    if (s.kind === 'switch') out = v === true;
    else {
      const text = typeof v === 'string' ? v.trim() : '';
      if (!text) {
        // on create an empty optional field is left to the API's default; on edit a nullable one is cleared
        if (s.kind === 'secret' || !s.nullable || !editing) continue;
        out = null;
      } else if (s.kind === 'number') out = Number(text);
      else if (s.kind === 'json') out = JSON.parse(text) as unknown;
      else out = s.kind === 'secret' && s.multiline ? v : text;
    }
    const [head, rest] = splitName(s.name);
    if (rest) {
      const group = (body[head] ?? {}) as Record<string, unknown>;
      group[rest] = out;
      body[head] = group;
    } else body[head] = out;
  }
  return body;
}

function splitName(name: string): [string, string | null] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name, null] : [name.slice(0, dot), name.slice(dot + 1)];
}
