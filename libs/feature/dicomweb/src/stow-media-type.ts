import { ApiException, ErrorCode } from '@axiom/contracts';
import { MultipartError, MultipartErrorCode, boundaryOf, parseMediaType } from '@axiom/dicomweb';

export const DICOM_MEDIA_TYPE = 'application/dicom';
export const DICOM_JSON_MEDIA_TYPE = 'application/dicom+json';
const EXPECTED = 'multipart/related; type="application/dicom"; boundary=...';

/**
 * The boundary of a STOW-RS request body, or the refusal of its Content-Type: 400 when it is not
 * multipart or has no boundary, 415 when it is multipart of another kind than related, or
 * related with a root type other than application/dicom (such as DICOM JSON with bulk data).
 */
export function stowBoundaryOf(contentType: string | undefined): string {
  if (!contentType) throw new ApiException(ErrorCode.BadRequest, `no Content-Type: send ${EXPECTED}`);
  const media = parseMediaType(contentType);
  if (media?.type.startsWith('multipart/')) {
    if (media.type !== 'multipart/related')
      throw new ApiException(ErrorCode.UnsupportedMediaType, `${media.type} is not supported: send ${EXPECTED}`);
    const root = media.params['type'];
    if (root !== undefined && parseMediaType(root)?.type !== DICOM_MEDIA_TYPE) {
      throw new ApiException(
        ErrorCode.UnsupportedMediaType,
        `multipart/related of type ${JSON.stringify(root)} is not supported: send ${EXPECTED}`,
      );
    }
  }
  try {
    return boundaryOf(contentType);
  } catch (err) {
    if (err instanceof MultipartError) {
      const what =
        err.code === MultipartErrorCode.NoBoundary ? err.message : `the body is not multipart (${err.message})`;
      throw new ApiException(ErrorCode.BadRequest, `${what}: send ${EXPECTED}`);
    }
    throw err;
  }
}

/** Whether a part holds a DICOM object (application/dicom, a transfer-syntax parameter allowed); no Content-Type means the root type. */
export function isDicomPart(contentType: string | null): boolean {
  return contentType === null || parseMediaType(contentType)?.type === DICOM_MEDIA_TYPE;
}
