export * from './dataset-parser';
export * from './dictionary';
export * from './dicom-file';
export * from './part10';
export * from './transfer-syntax';
export * from './values';
