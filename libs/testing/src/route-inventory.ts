/** One route of the OpenAPI document and its guard. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  isPublic: boolean;
  /** The roles of `x-axiom-roles`; null when the document names none. */
  roles: string[] | null;
  summary: string | undefined;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of an OpenAPI document with its guard (the x-axiom-public / x-axiom-roles extensions). */
export function operationsOf(doc: { paths: object }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const method of METHODS) {
      const op = item[method] as (Record<string, unknown> & { summary?: string }) | undefined;
      if (!op) continue;
      const roles = op['x-axiom-roles'];
      out.push({
        method,
        path,
        isPublic: op['x-axiom-public'] === true,
        roles: Array.isArray(roles) ? (roles as string[]) : null,
        summary: op.summary,
      });
    }
  }
  return out;
}

/** A concrete URL path for a templated one: every parameter becomes 1. */
export function concretePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '1');
}

export const isMutation = (op: Operation): boolean => op.method !== 'get';
