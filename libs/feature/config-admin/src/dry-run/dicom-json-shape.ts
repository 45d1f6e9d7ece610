import type { FieldError } from '@axiom/contracts';

const TAG_KEY = /^[0-9A-Fa-f]{8}$/;
const VR = /^[A-Z]{2}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const PN_COMPONENTS = ['Alphabetic', 'Ideographic', 'Phonetic'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The shape PS3.18 F.2 requires of a DICOM JSON object, checked before conversion so that a
 * malformed attribute is answered with its path (`dicom_json.00100010.Value[0]`) and never with
 * the text of whatever exception the converter would have hit. Iterative: the depth is already
 * bounded by the JSON depth pipe, but nothing here recurses.
 */
export function dicomJsonShapeErrors(root: unknown, rootPath = 'dicom_json'): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0 && errors.length < 20) {
    const [dataset, path] = stack.pop() as [unknown, string];
    if (!isPlainObject(dataset)) {
      errors.push({ path, message: 'must be a DICOM JSON object (attribute tag -> {vr, Value})' });
      continue;
    }
    for (const [key, element] of Object.entries(dataset)) {
      const where = `${path}.${key}`;
      if (!TAG_KEY.test(key)) {
        errors.push({ path: where, message: 'attribute keys must be 8 hex digits (GGGGEEEE)' });
        continue;
      }
      if (!isPlainObject(element)) {
        errors.push({ path: where, message: 'must be an object {vr, Value}' });
        continue;
      }
      const vr = element['vr'];
      if (typeof vr !== 'string' || !VR.test(vr)) {
        errors.push({ path: `${where}.vr`, message: 'must be a value representation such as "CS"' });
        continue;
      }
      for (const field of ['InlineBinary', 'BulkDataURI'] as const) {
        if (element[field] !== undefined && typeof element[field] !== 'string')
          errors.push({ path: `${where}.${field}`, message: 'must be a string' });
      }
      if (typeof element['InlineBinary'] === 'string' && !BASE64.test(element['InlineBinary'])) {
        errors.push({ path: `${where}.InlineBinary`, message: 'must be base64' });
      }
      const values = element['Value'];
      if (values === undefined) continue;
      if (!Array.isArray(values)) {
        errors.push({ path: `${where}.Value`, message: 'must be an array' });
        continue;
      }
      values.forEach((value: unknown, i) => {
        const at = `${where}.Value[${i}]`;
        if (vr === 'SQ') stack.push([value, at]);
        else {
          const problem = valueProblem(vr, value);
          if (problem) errors.push({ path: at, message: problem });
        }
      });
    }
  }
  return errors;
}

function valueProblem(vr: string, value: unknown): string | null {
  if (value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return null;
  if (vr === 'PN' && isPlainObject(value)) {
    const wrong = Object.entries(value).find(([k, v]) => !PN_COMPONENTS.includes(k) || typeof v !== 'string');
    return wrong
      ? `a person name has only string Alphabetic, Ideographic and Phonetic components (not "${wrong[0]}")`
      : null;
  }
  return vr === 'PN'
    ? 'must be a string, null or {Alphabetic, Ideographic, Phonetic}'
    : 'must be a string, a number or null';
}
