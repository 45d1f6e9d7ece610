export { DicomwebIngressModule } from './dicomweb.module';
