export * from './cstore-peers';
export * from './dicomweb-front';
export * from './fake-gcs';
export * from './google-token-endpoint';
export * from './orthanc-peer';
export * from './outgoing-samples';
