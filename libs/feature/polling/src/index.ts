export * from './source-driver';
export * from './polling.module';
export * from './polling-scheduler.service';
export * from './schedule';
export * from './dicomweb/dicomweb-source.driver';
export * from './dimse/dimse-qr-source.driver';
