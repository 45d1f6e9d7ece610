// @axiom/dicomweb: what the other libs and apps use of the DICOMweb building blocks: the streaming
// multipart/related reader (STOW-RS ingress) and writer, the STOW-RS answer, the QIDO-RS/WADO-RS client.
export { MultipartError, MultipartErrorCode } from './multipart/multipart.error';
export { boundaryOf, parseMediaType } from './multipart/media-type';
export type { MediaType } from './multipart/media-type';
export { readMultipart } from './multipart/multipart-reader';
export type { MultipartLimits, MultipartPart, MultipartPartHandler } from './multipart/multipart-reader';
export { multipartBuffer, multipartRelatedType, newBoundary } from './multipart/multipart-writer';
export type { MultipartWriterPart } from './multipart/multipart-writer';
export { StowFailureReason, stowResponseJson } from './dicom-json/stow-response';
export type { DicomJsonDataset, StowFailedInstance, StowStoredInstance } from './dicom-json/stow-response';
export { authOf } from './qido-wado/endpoint';
export type { DicomwebAuth, DicomwebEndpoint } from './qido-wado/endpoint';
export { QidoWadoClient } from './qido-wado/qido-wado.client';
export type { InstanceRef } from './qido-wado/qido-wado.client';
export { firstValue, studyChangeTime, studySignature } from './qido-wado/quirks';
export type { DicomJsonObject } from './qido-wado/quirks';
