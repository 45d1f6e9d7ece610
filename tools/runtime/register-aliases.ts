/**
 * Resolves the workspace's `@axiom/*` imports inside dist/ at run time (tsc keeps them as
 * written). Loaded with `node -r ./dist/tools/runtime/register-aliases.js`.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

const distRoot = join(__dirname, '..', '..');
const paths = JSON.parse(readFileSync(join(distRoot, 'paths.json'), 'utf8')) as Record<string, string>;
type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
mod._resolveFilename = function resolveWithAliases(request: string, ...rest: unknown[]): string {
  const target = paths[request];
  return original.call(this, target ? join(distRoot, target) : request, ...rest);
};
