import { ValidateBy, type ValidationOptions } from 'class-validator';

/** True when an absolute URL carries a user name or password (`https://user:pass@host`). */
export function urlHasCredentials(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    // not a URL at all: @IsUrl reports that; an `@` before the host still counts as userinfo
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value);
  }
}

/** The URL with any userinfo replaced by `***` (rows saved before credentials in URLs were refused). */
export function redactUrlCredentials(value: string): string {
  return urlHasCredentials(value) ? value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@') : value;
}

/**
 * Refuses userinfo in a URL: it would be stored in clear, shown to every reader and copied into
 * the audit log. Credentials belong in the write-only `auth_config`.
 */
export function HasNoUrlCredentials(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasNoUrlCredentials',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !urlHasCredentials(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'the URL'} must not carry credentials (user:password@host): put them in auth_config`,
      },
    },
    options,
  );
}
