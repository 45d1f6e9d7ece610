import type { OpenAPIObject } from '@nestjs/swagger';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  isPublic: boolean;
  roles: string[] | null;
  summary: string | undefined;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the OpenAPI document with its guard (from the x-axiom-* extensions). */
export function operationsOf(doc: OpenAPIObject): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as (Record<string, unknown> & { summary?: string }) | undefined;
      if (!op) continue;
      const roles = op['x-axiom-roles'];
      out.push({ method, path, isPublic: op['x-axiom-public'] === true, roles: Array.isArray(roles) ? (roles as string[]) : null, summary: op.summary });
    }
  }
  return out;
}

/** A concrete URL for a templated path: every parameter becomes 1. */
export function concrete(path: string): string {
  return path.replace(/\{[^}]+\}/g, '1');
}

export const isMutation = (op: Operation): boolean => op.method !== 'get';
