export * from './multipart.error';
export * from './media-type';
export * from './multipart-reader';
export * from './multipart-writer';
