import type { IsURLOptions } from 'validator/lib/isURL';

/** AE titles: 1-16 characters of letters, digits, `._-` and space (not all spaces). */
export const AE_TITLE_PATTERN = /^(?! *$)[A-Za-z0-9._\- ]{1,16}$/;
export const AE_TITLE_MESSAGE = 'must be 1-16 characters of A-Z a-z 0-9 . _ - and space';
export const HTTP_URL_OPTIONS: IsURLOptions = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
};
