import { posix } from 'node:path';
import type { FieldError } from '@axiom/contracts';

/**
 * Directories a destination may not write into (nor below): the operating system's own. Writing
 * DICOM files there breaks the host or leaks into places other services trust.
 */
export const SYSTEM_DIRECTORIES = [
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/sys',
  '/usr',
  '/var/lib',
  '/var/log',
  '/var/run',
  '/var/cache',
  '/var/spool/cron',
  '/var/mail',
  '/snap',
  '/lost+found',
];
/** Roots that are fine to write below but not straight into. */
const BARE_ROOTS = ['/', '/var', '/home', '/mnt', '/media', '/opt', '/srv', '/tmp'];

/** Our own directories: a destination inside them (or holding them) would mix deliveries with the spool. */
export interface OwnDirectories {
  spoolPath: string;
  errorPath: string;
  dataDir: string;
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent === '/' ? '/' : `${parent}/`);
}

function trimmed(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** What is wrong with a filesystem destination directory (empty when it may be used). */
export function filesystemPathErrors(path: unknown, own: OwnDirectories): FieldError[] {
  const fail = (message: string): FieldError[] => [{ path: 'path', message }];
  if (typeof path !== 'string') return fail('must be a string');
  if (path.includes('\0')) return fail('must not contain a NUL byte');
  if (!posix.isAbsolute(path)) return fail('must be an absolute path (starting with /)');
  const dir = trimmed(path);
  if (posix.normalize(dir) !== dir)
    return fail(
      `must be a normalized path (no "//", "." or ".." segments): did you mean ${trimmed(posix.normalize(dir))}?`,
    );
  if (BARE_ROOTS.includes(dir)) return fail(`must be a directory below ${dir}, not ${dir} itself`);
  const system = SYSTEM_DIRECTORIES.find((s) => isInside(dir, s));
  if (system) return fail(`must not be inside the system directory ${system}`);
  for (const [name, ownDir] of [
    ['spool', own.spoolPath],
    ['error', own.errorPath],
    ['data', own.dataDir],
  ] as const) {
    const mine = trimmed(ownDir);
    if (isInside(dir, mine)) return fail(`must not be inside the ${name} directory (${mine})`);
    if (isInside(mine, dir)) return fail(`must not contain the ${name} directory (${mine})`);
  }
  return [];
}
