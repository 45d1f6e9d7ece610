/** A DICOM JSON data set (PS3.18 F.2): tag `GGGGEEEE` -> `{ vr, Value? }`. */
export type DicomJsonDataset = Record<string, { vr: string; Value?: unknown[] }>;

/** Failure reasons of a STOW-RS response (PS3.18 10.5.3, the status codes of PS3.4 B.2.3). */
export enum StowFailureReason {
  /** Refused: out of resources. */
  OutOfResources = 0xa700,
  /** Error: data set does not match SOP Class. */
  DatasetDoesNotMatchSopClass = 0xa900,
  /** Error: cannot understand. */
  CannotUnderstand = 0xc000,
  /** Processing failure. */
  ProcessingFailure = 0x0110,
}

export interface StowStoredInstance {
  sopClassUid: string;
  sopInstanceUid: string;
  /** WADO-RS URL of the instance, when the server offers one. */
  retrieveUrl?: string;
}

export interface StowFailedInstance {
  /** Unknown when the part could not be read far enough to find it. */
  sopClassUid?: string;
  sopInstanceUid?: string;
  reason: StowFailureReason;
}

/**
 * The body of a STOW-RS response (PS3.18 10.5.3): 00081199 ReferencedSOPSequence with one item
 * per stored instance, 00081198 FailedSOPSequence with one item per refused one (00081197
 * FailureReason). A sequence with no items is left out, as clients such as Orthanc expect.
 */
export function stowResponseJson(result: {
  stored: StowStoredInstance[];
  failed: StowFailedInstance[];
  retrieveUrl?: string;
}): DicomJsonDataset {
  const json: DicomJsonDataset = {};
  if (result.retrieveUrl) json['00081190'] = { vr: 'UR', Value: [result.retrieveUrl] };
  if (result.failed.length > 0) {
    json['00081198'] = {
      vr: 'SQ',
      Value: result.failed.map((f) => ({
        ...uid('00081150', f.sopClassUid),
        ...uid('00081155', f.sopInstanceUid),
        '00081197': { vr: 'US', Value: [f.reason] },
      })),
    };
  }
  if (result.stored.length > 0) {
    json['00081199'] = {
      vr: 'SQ',
      Value: result.stored.map((s) => ({
        ...uid('00081150', s.sopClassUid),
        ...uid('00081155', s.sopInstanceUid),
        ...(s.retrieveUrl ? { '00081190': { vr: 'UR', Value: [s.retrieveUrl] } } : {}),
      })),
    };
  }
  return json;
}

function uid(tag: string, value: string | undefined): DicomJsonDataset {
  return { [tag]: value ? { vr: 'UI', Value: [value] } : { vr: 'UI' } };
}
