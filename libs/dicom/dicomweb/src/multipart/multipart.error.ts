/** What went wrong with a multipart body or its Content-Type; `code` says which kind. */
export enum MultipartErrorCode {
  /** The Content-Type is not multipart/* at all. */
  NotMultipart = 'not_multipart',
  /** A multipart Content-Type without a usable boundary parameter. */
  NoBoundary = 'no_boundary',
  /** The body breaks the multipart syntax (boundary line, headers, missing close delimiter). */
  Malformed = 'malformed',
  /** The body exceeds a limit given to the reader (parts, header size, part size). */
  LimitExceeded = 'limit_exceeded',
}

export class MultipartError extends Error {
  constructor(
    readonly code: MultipartErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MultipartError';
  }
}
