export * from './database';
export * from './dicom-samples';
export * from './processes';
export * from './wire-tap';
export * from './api-client';
export * from './api-under-test';
export * from './oidc-stand-in';
export * from './ports';
