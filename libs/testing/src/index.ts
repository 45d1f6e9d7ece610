export * from './database';
export * from './dicom-samples';
export * from './processes';
export * from './wire-tap';
