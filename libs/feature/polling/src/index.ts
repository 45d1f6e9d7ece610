export { PollingModule, type PollingModuleOptions } from './polling.module';
export type { SourceDriver } from './source-driver';
export { DicomwebSourceDriver } from './dicomweb/dicomweb-source.driver';
export { DimseQrSourceDriver } from './dimse/dimse-qr-source.driver';
