import {
  DicomElement,
  DicomFile,
  EditableDataset,
  buildPart10Header,
  deflateDataset,
  parseDataset,
} from '@axiom/dicom-io';
import type { TagModification } from '@axiom/domain';
import { topLevelTags } from './modification-tags';

const META_SYNTAX = { littleEndian: true, explicitVr: true };

/**
 * The editable data set of a file. Parsed header-only files stop before the pixel data: those
 * bytes are kept as a tail; `full` re-parses them when an action must see every element.
 */
export function editableDataset(file: DicomFile, full: boolean): EditableDataset {
  let elements: DicomElement[] = file.elements;
  if (full && !file.complete) elements = parseDataset(file.dataset, file.syntax).elements;
  const last = elements[elements.length - 1];
  return new EditableDataset(file.dataset, elements, file.syntax, last ? last.end : 0);
}

/**
 * Whether the modifications must see every element (de-identification walks the whole data set;
 * an edit at or past the pixel data touches it). Otherwise a header read is enough: the output is
 * the morphed bytes of that read, and the rest of the file follows unchanged (streamed, see
 * `writeSplicedFile` in dicom-io), so large objects are never held in memory.
 */
export function needsWholeDataset(modifications: TagModification[]): boolean {
  return (
    modifications.some((m) => m.action === 'deidentify') || topLevelTags(modifications).some((t) => t >= 0x7fe00010)
  );
}

/**
 * Complete Part 10 bytes around an edited data set: the original preamble and meta group, kept
 * byte for byte unless SOP UIDs changed (then only those meta elements and the group length);
 * deflated syntaxes are deflated again (padded to even). A bare data set gets a fresh preamble and meta.
 */
export function assembleOutput(file: DicomFile, dataset: Buffer, metaUpdates: Map<number, string>): Buffer {
  const body = file.syntax.deflated ? deflateDataset(dataset) : dataset;
  const { layout } = file;
  const metaStart = layout.hasPreamble ? 132 : 0;
  if (layout.datasetOffset === metaStart) {
    const identity = file.identity();
    const header = buildPart10Header({
      sopClassUid: metaUpdates.get(0x00020002) ?? identity.sopClassUid ?? '',
      sopInstanceUid: metaUpdates.get(0x00020003) ?? identity.sopInstanceUid ?? '',
      transferSyntaxUid: layout.transferSyntaxUid,
    });
    return Buffer.concat([header, body]);
  }
  const preamble = layout.hasPreamble
    ? file.file.subarray(0, 132)
    : Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1')]);
  const metaBytes = file.file.subarray(metaStart, layout.datasetOffset);
  return Buffer.concat([preamble, updateMeta(metaBytes, metaUpdates), body]);
}

function updateMeta(metaBytes: Buffer, updates: Map<number, string>): Buffer {
  if (updates.size === 0) return metaBytes;
  const elements = parseDataset(metaBytes, META_SYNTAX).elements;
  const meta = new EditableDataset(metaBytes, elements, META_SYNTAX, metaBytes.length);
  for (const [tag, uid] of updates) {
    if (!meta.root.get(tag)) continue; // only keep existing meta elements in step
    const b = Buffer.from(uid, 'latin1');
    meta.root.put(tag, 'UI', b.length % 2 ? Buffer.concat([b, Buffer.from([0])]) : b);
  }
  return meta.serialize();
}
