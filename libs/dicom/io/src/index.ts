// @axiom/dicom-io: what the other libs and apps use. Test helpers (the sample corpus, hostile
// objects, raw element writers) are in @axiom/dicom-io/testing.
export { parseDataset } from './dataset-parser';
export { DicomParseError, isKnownVr } from './dataset-model';
export type { ByteSyntax, DicomElement, DicomItem, ParseOptions, ParseResult } from './dataset-model';
export { dictionaryKeywords, dictionaryVr, formatTag, keywordToTag, tagKeyword } from './dictionary';
export { DicomFile } from './dicom-file';
export type { ReadOptions } from './dicom-file';
export {
  DicomLimitError,
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  buildPart10Header,
  checkObjectSize,
  deflateDataset,
  readPart10Layout,
} from './part10';
export type { FileMeta, MetaParams, Part10Layout, ReadLimits } from './part10';
export { TransferSyntax, syntaxOf } from './transfer-syntax';
export type { SyntaxInfo } from './transfer-syntax';
export { elementStrings, isCharsetVr, isTextVr } from './values';
export { EditableDataset, EditableElement, EditableItem } from './dataset-editor';
export { findByPath } from './element-lookup';
export type { FoundElement } from './element-lookup';
export { encodeElement } from './element-writer';
export { TagPathError, parseTagPath } from './tag-path';
export type { TagPath, TagRef } from './tag-path';
export { checkValues, encodeValues, isSettableVr } from './value-codec';
export { DicomJsonError, datasetToDicomJson, dicomJsonToDataset } from './dicom-json';
export type { DicomJson, DicomJsonElement } from './dicom-json';
export { PixelTranscoder } from './transcode/pixel-transcoder';
export type { TranscodeRequest, TranscodeResult } from './transcode/pixel-transcoder';
export { TranscodeError } from './transcode/pixel-frames';
export { parseTransferSyntaxPolicy, planProposals, transferSyntaxPolicyProblem } from './transcode/transcode-plan';
export type { Proposal, ProposalPlan, TransferSyntaxPolicy } from './transcode/transcode-plan';
export { assertSpliceFits, copySpliced, spliceOffset, writeSplicedFile } from './spliced-output';
export type { SplicedFileParams } from './spliced-output';
