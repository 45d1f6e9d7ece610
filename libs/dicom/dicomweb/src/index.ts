export * from './multipart';
export * from './dicom-json/stow-response';
export * from './qido-wado';
