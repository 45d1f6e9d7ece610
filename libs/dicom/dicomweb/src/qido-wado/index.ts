export * from './endpoint';
export * from './qido-wado.client';
export * from './quirks';
