/** The environment as read: names to raw values (process.env, or a test's own object). */
export type Env = Record<string, string | undefined>;

/** A configuration that cannot start: every problem found, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads typed values from the environment; an empty variable counts as unset. A bad value is
 * noted in `problems` (with its variable's name) and its fallback used, so that one start
 * reports every problem at once.
 */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, fallback: string): string {
    const v = this.env[name];
    return v === undefined || v === '' ? fallback : v;
  }

  optional(name: string): string | null {
    const v = this.env[name];
    return v === undefined || v === '' ? null : v;
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.str(name, fallback);
    const found = allowed.find((a) => a === raw);
    if (found === undefined)
      this.problems.push(
        `${name} must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1] ?? ''} (got "${raw}")`,
      );
    return found ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  }

  /** A permission mode in octal, e.g. 600 or 0640; `ownerBits` are those the owner must keep. */
  mode(name: string, fallback: number, ownerBits: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const mode = /^0?[0-7]{3}$/.test(raw) ? parseInt(raw, 8) : NaN;
    if (Number.isNaN(mode) || (mode & ownerBits) !== ownerBits) {
      this.problems.push(
        `${name} must be an octal mode such as ${fallback.toString(8)}, keeping owner bits ${ownerBits.toString(8)} (got "${raw}")`,
      );
      return fallback;
    }
    return mode;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  url(name: string, schemes: string[]): string | null {
    const raw = this.optional(name);
    if (raw === null) return null;
    try {
      const u = new URL(raw);
      if (!schemes.includes(u.protocol.replace(/:$/, '')))
        this.problems.push(`${name} must use ${schemes.join(' or ')} (got ${u.protocol})`);
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return raw;
  }
}
