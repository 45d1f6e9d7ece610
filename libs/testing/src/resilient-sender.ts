import { readFileSync } from 'node:fs';
import { StoreAssociation, StoreFile } from '@axiom/dicom-dimse';
import { DicomFile } from '@axiom/dicom-io';

/** What a sender saw: the SOP Instance UIDs it was told were stored (status 0x0000), and what it tried. */
export interface SendReport {
  acknowledged: Set<string>;
  refused: number;
  networkErrors: number;
}

export function storeFileOf(path: string): StoreFile {
  const file = DicomFile.parse(readFileSync(path), { headerOnly: true });
  const id = file.identity();
  return {
    path,
    datasetOffset: file.layout.datasetOffset,
    sopClassUid: id.sopClassUid ?? '',
    sopInstanceUid: id.sopInstanceUid ?? '',
    transferSyntaxUid: file.transferSyntaxUid,
  };
}

/**
 * A sender that behaves like a modality under faults: files in order on one association; when
 * the association breaks or a file is refused, it reconnects after a pause and sends that file
 * again, until `deadline` (epoch ms). Only a success status counts as acknowledged.
 */
export async function sendResiliently(o: {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  files: StoreFile[];
  deadline: number;
  onAcknowledged?: () => void;
}): Promise<SendReport> {
  const report: SendReport = { acknowledged: new Set(), refused: 0, networkErrors: 0 };
  const needs = [
    ...new Map(
      o.files.map((f) => [
        `${f.sopClassUid}|${f.transferSyntaxUid}`,
        { sopClassUid: f.sopClassUid, transferSyntaxUid: f.transferSyntaxUid },
      ]),
    ).values(),
  ];
  let scu: StoreAssociation | null = null;
  for (const file of o.files) {
    while (Date.now() < o.deadline) {
      try {
        if (!scu || !scu.isOpen) {
          scu = new StoreAssociation(
            { host: o.host, port: o.port, callingAeTitle: o.callingAeTitle, calledAeTitle: o.calledAeTitle },
            { connectTimeoutMs: 3000, responseTimeoutMs: 30_000 },
          );
          await scu.open(needs);
        }
        const rsp = await scu.store(file);
        if (rsp.status === 0) {
          report.acknowledged.add(file.sopInstanceUid);
          o.onAcknowledged?.();
          break;
        }
        report.refused++;
      } catch {
        report.networkErrors++;
        scu?.destroy();
        scu = null;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await scu?.release().catch(() => scu?.destroy());
  return report;
}
