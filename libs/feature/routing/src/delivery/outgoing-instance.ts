import { DicomFile } from '@axiom/dicom-io';
import { DeliveryError, OutgoingInstance } from '@axiom/destinations';
import type { DeliveryClaim } from '@axiom/persistence';

/**
 * What an adapter sends: the output's own facts, recorded on the delivery row at routing time
 * (after morphing, so a de-identified file is not filed under the UIDs it was stripped of). Rows
 * routed before those facts were recorded are read from the file's header.
 */
export async function outgoingInstance(claim: DeliveryClaim): Promise<OutgoingInstance> {
  const o = claim.output;
  if (claim.factsRecorded) {
    return {
      path: o.path,
      datasetOffset: o.datasetOffset,
      sopClassUid: o.sopClassUid,
      sopInstanceUid: o.sopInstanceUid,
      studyInstanceUid: o.studyInstanceUid,
      seriesInstanceUid: o.seriesInstanceUid,
      transferSyntaxUid: o.transferSyntaxUid,
      splice: o.splice ?? null,
    };
  }
  const file = await DicomFile.readHeader(o.path);
  const ids = file.identity();
  if (!ids.sopInstanceUid || !ids.sopClassUid)
    throw new DeliveryError(`${o.path} has no SOP Class or SOP Instance UID`, true);
  return {
    path: o.path,
    datasetOffset: file.layout.datasetOffset,
    sopClassUid: file.layout.meta.mediaStorageSopClassUid || ids.sopClassUid,
    sopInstanceUid: file.layout.meta.mediaStorageSopInstanceUid || ids.sopInstanceUid,
    studyInstanceUid: ids.studyInstanceUid ?? null,
    seriesInstanceUid: ids.seriesInstanceUid ?? null,
    transferSyntaxUid: file.layout.transferSyntaxUid,
  };
}
