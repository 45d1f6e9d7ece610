export * from './transfer-syntax-catalog';
export * from './transcode-plan';
export * from './pixel-frames';
export * from './pixel-transcoder';
