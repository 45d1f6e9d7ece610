import { MultipartError, MultipartErrorCode } from './multipart.error';

/** A parsed media type: `type/subtype` in lower case, parameter names in lower case. */
export interface MediaType {
  type: string;
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * RFC 2046 allows 70 characters, but senders exceed it: Orthanc's STOW-RS client sends two UUIDs
 * joined by a dash (73). What is read is what matters, so longer boundaries are taken.
 */
export const MAX_BOUNDARY_LENGTH = 200;

/**
 * Parses a Content-Type value (RFC 9110 8.3.1): `type/subtype *( ; name=value )`, where a value is a
 * token or a quoted string with backslash escapes. Returns null when it is not a media type.
 */
export function parseMediaType(value: string): MediaType | null {
  const text = value.trim();
  const semi = text.indexOf(';');
  const type = (semi < 0 ? text : text.slice(0, semi)).trim().toLowerCase();
  const slash = type.indexOf('/');
  if (
    slash <= 0 ||
    slash === type.length - 1 ||
    !TOKEN.test(type.slice(0, slash)) ||
    !TOKEN.test(type.slice(slash + 1))
  )
    return null;
  const params: Record<string, string> = {};
  let i = semi < 0 ? text.length : semi + 1;
  while (i < text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === ';')) i++;
    if (i >= text.length) break;
    const eq = text.indexOf('=', i);
    if (eq < 0) return null;
    const name = text.slice(i, eq).trim().toLowerCase();
    if (!TOKEN.test(name)) return null;
    i = eq + 1;
    let paramValue = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        paramValue += text[i];
        i++;
      }
      if (text[i] !== '"') return null;
      i++;
    } else {
      const end = text.indexOf(';', i);
      paramValue = text.slice(i, end < 0 ? text.length : end).trim();
      i = end < 0 ? text.length : end;
    }
    if (!(name in params)) params[name] = paramValue;
  }
  return { type, params };
}

/**
 * The boundary of a multipart Content-Type (RFC 2046 5.1.1). Throws a MultipartError with code
 * `not_multipart` when the type is not multipart/*, or `no_boundary` when the boundary parameter
 * is missing, empty, longer than MAX_BOUNDARY_LENGTH or holds a line break.
 */
export function boundaryOf(contentType: string): string {
  const media = parseMediaType(contentType);
  if (!media || !media.type.startsWith('multipart/')) {
    throw new MultipartError(
      MultipartErrorCode.NotMultipart,
      `Content-Type ${JSON.stringify(contentType)} is not multipart`,
    );
  }
  const boundary = media.params['boundary'];
  if (boundary === undefined || boundary === '') {
    throw new MultipartError(
      MultipartErrorCode.NoBoundary,
      `Content-Type ${JSON.stringify(contentType)} has no boundary parameter`,
    );
  }
  if (boundary.length > MAX_BOUNDARY_LENGTH || /[\r\n]/.test(boundary)) {
    throw new MultipartError(
      MultipartErrorCode.NoBoundary,
      `the boundary parameter must be 1 to ${MAX_BOUNDARY_LENGTH} characters on one line`,
    );
  }
  return boundary;
}
