// @axiom/dicom-dimse: what the other libs and apps use: the C-STORE SCP (ScpListener), the C-STORE
// SCU (one association, or a pool of kept-open ones), the Q/R SCU and DICOM TLS. The PDU codec,
// the upper-layer state machine and the requestor association stay inside.
export { ScpListener } from './scp-server';
export type {
  AssociationInfo,
  IncomingFile,
  IncomingFiles,
  IncomingInstance,
  ScpEvent,
  ScpLimits,
  ScpListenerOptions,
  StoreHandler,
  StoreResult,
} from './scp-server';
export { StoreStatus, describeStatus, isStoredStatus } from './dimse-status';
export { StoreAssociation } from './store-scu';
export { DEFAULT_MAX_ASSOCIATIONS, StoreAssociationPool, StoreLease } from './store-pool';
export { DimseError } from './scu-types';
export type { PresentationNeed, ScuPeer, ScuTimeouts, StoreFile } from './scu-types';
export { VERIFICATION_SOP_CLASS_UID } from './pdu';
export type { CommandResponse } from './pdu';
export { printable } from './printable';
export { QrClient } from './qr-scu';
export type {
  CGetReceiver,
  FindRequest,
  QrClientParams,
  QrLevel,
  QrModel,
  RetrieveRequest,
  RetrieveResult,
} from './qr-scu';
export type { QrKeys } from './qr-identifier';
export { qrStatusText } from './qr-commands';
export { loadDimseTls } from './dimse-tls';
export type { DimseTlsMaterial, DimseTlsPaths, ScpTlsOptions, ScuTlsOptions } from './dimse-tls';
