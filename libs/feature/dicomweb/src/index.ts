export * from './dicomweb.module';
export * from './stow.service';
export * from './stow-outcome';
