// @axiom/dicom-io/testing: what the specs, e2e suites and benchmarks use to get DICOM bytes, never
// the apps: the shared sample corpus (its folder from DICOM_SAMPLES_DIR), hostile and legacy
// objects built from it, and the raw element writers that build objects byte by byte.
export * from './sample-corpus';
export * from './test-fixtures';
export { encodeElementHeader, writeTag, writeU32 } from '../element-writer';
