import type { AssociationCriterion, InstanceOrigin, MatchCriterion, TagCriterion } from '@axiom/domain';
import { TagPath, parseTagPath } from '@axiom/dicom-io';
import { displayIp, inSubnet, parseIp, parseSubnet } from './ip-address';
import { Predicate, compileOperator, scalarText } from './operators';
import type { InstanceView } from './instance-view';

/** A criterion ready to run; compiled once per criterion object and cached. */
export type CompiledCriterion =
  | { kind: 'tag'; path: TagPath; test: Predicate; source: TagCriterion }
  | { kind: 'all' | 'any'; children: CompiledCriterion[] }
  | { kind: 'not'; child: CompiledCriterion };

const compiled = new WeakMap<object, CompiledCriterion>();

export function isTagCriterion(c: MatchCriterion): c is TagCriterion {
  return typeof (c as TagCriterion).tag === 'string';
}

export function compileCriterion(c: MatchCriterion): CompiledCriterion {
  const hit = compiled.get(c);
  if (hit) return hit;
  let out: CompiledCriterion;
  if ('all' in c) out = { kind: 'all', children: c.all.map(compileCriterion) };
  else if ('any' in c) out = { kind: 'any', children: c.any.map(compileCriterion) };
  else if ('not' in c) out = { kind: 'not', child: compileCriterion(c.not) };
  else
    out = {
      kind: 'tag',
      path: parseTagPath(c.tag),
      test: compileOperator(c.op, c.value, { caseInsensitive: c.case_insensitive }),
      source: c,
    };
  compiled.set(c, out);
  return out;
}

export function evaluateCompiled(c: CompiledCriterion, view: InstanceView): boolean {
  switch (c.kind) {
    case 'tag':
      return c.test(view.lookup(c.path));
    case 'all':
      for (const child of c.children) if (!evaluateCompiled(child, view)) return false;
      return true;
    case 'any':
      for (const child of c.children) if (evaluateCompiled(child, view)) return true;
      return false;
    case 'not':
      return !evaluateCompiled(c.child, view);
  }
}

/** All top-level criteria must hold (the contract's implicit AND). */
export function matchesAll(criteria: MatchCriterion[], view: InstanceView): boolean {
  for (const c of criteria) if (!evaluateCompiled(compileCriterion(c), view)) return false;
  return true;
}

const associationCache = new WeakMap<AssociationCriterion, (origin: InstanceOrigin) => boolean>();

const ORIGIN_FIELDS: Record<string, keyof InstanceOrigin> = {
  SOURCE_IP: 'peerAddress',
  CALLING_AE_TITLE: 'callingAeTitle',
  CALLED_AE_TITLE: 'calledAeTitle',
};

function originValue(c: AssociationCriterion, origin: InstanceOrigin): string | null | undefined {
  const field = ORIGIN_FIELDS[c.parameter];
  return field ? origin[field] : undefined;
}

/** An association criterion; AE titles compare without their padding spaces. */
export function compileAssociation(c: AssociationCriterion): (origin: InstanceOrigin) => boolean {
  const hit = associationCache.get(c);
  if (hit) return hit;
  let fn: (origin: InstanceOrigin) => boolean;
  const raw = (o: InstanceOrigin): string | undefined => {
    const v = originValue(c, o);
    if (v === null || v === undefined) return undefined;
    return c.parameter === 'SOURCE_IP' ? displayIp(v) : v.trim();
  };
  const op: string = c.op;
  switch (op) {
    case 'ip_eq': {
      const want = parseIp(scalarText(c.value) ?? '');
      fn = (o) => {
        const v = raw(o);
        return v !== undefined && want !== undefined && parseIp(v) === want;
      };
      break;
    }
    case 'ip_startswith': {
      const prefix = displayIp(scalarText(c.value) ?? '');
      fn = (o) => raw(o)?.startsWith(prefix) ?? false;
      break;
    }
    case 'ip_in_subnet': {
      const list = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => parseSubnet(scalarText(v) ?? ''));
      fn = (o) => {
        const ip = parseIp(raw(o) ?? '');
        return ip !== undefined && list.some((s) => s !== undefined && inSubnet(ip, s));
      };
      break;
    }
    default: {
      const test = compileOperator(c.op, c.value, { caseInsensitive: c.case_insensitive });
      fn = (o) => {
        const v = raw(o);
        return test({ present: v !== undefined, vr: 'AE', values: v === undefined ? [] : [v] });
      };
    }
  }
  associationCache.set(c, fn);
  return fn;
}
