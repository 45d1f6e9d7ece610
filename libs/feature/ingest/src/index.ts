export { DimseListenerManager } from './dimse-listener.manager';
export { DimseListenerModule, IngestModule } from './ingest.module';
export { IngestService, type IngestOutcome, type IngestRequest } from './ingest.service';
