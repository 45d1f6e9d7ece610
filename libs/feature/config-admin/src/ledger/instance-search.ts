import type { InstanceQueryDto } from '@axiom/contracts';
import type { InstanceSearch } from '@axiom/persistence';

/** The console's ledger search as the ledger store takes it (the wire's ISO times as dates). */
export function instanceSearchOf(q: InstanceQueryDto): InstanceSearch {
  return {
    state: q.state,
    studyInstanceUid: q.study_instance_uid,
    sopInstanceUid: q.sop_instance_uid,
    patientId: q.patient_id,
    accessionNumber: q.accession_number,
    sourceName: q.source_name,
    sourceType: q.source_type,
    patientName: q.patient_name,
    receivedAfter: q.received_after === undefined ? undefined : new Date(q.received_after),
    receivedBefore: q.received_before === undefined ? undefined : new Date(q.received_before),
  };
}
