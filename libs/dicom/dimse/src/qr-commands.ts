/**
 * The command sets of the query/retrieve SCU (PS3.7 9.3.2-9.3.4, annex E): C-FIND-RQ, C-MOVE-RQ
 * and C-GET-RQ out, and one decoder for everything that comes back on a Q/R association (the
 * responses with their sub-operation counts, and the C-STORE-RQs of a C-GET).
 */
import { encodeCommandElement, encodeUs } from './pdu';

/** Study Root and Patient Root Query/Retrieve Information Models (PS3.4 C.6). */
export const QrSopClass = {
  StudyRootFind: '1.2.840.10008.5.1.4.1.2.2.1',
  StudyRootMove: '1.2.840.10008.5.1.4.1.2.2.2',
  StudyRootGet: '1.2.840.10008.5.1.4.1.2.2.3',
  PatientRootFind: '1.2.840.10008.5.1.4.1.2.1.1',
} as const;

export const QrCommandField = {
  CStoreRq: 0x0001,
  CStoreRsp: 0x8001,
  CGetRq: 0x0010,
  CGetRsp: 0x8010,
  CFindRq: 0x0020,
  CFindRsp: 0x8020,
  CMoveRq: 0x0021,
  CMoveRsp: 0x8021,
} as const;

const NO_DATA_SET = 0x0101;
const PRIORITY_MEDIUM = 0x0000;

/** PS3.4 C.4.1.1.4 / C.4.2.1.5 / C.4.3.1.4: Pending (0xFF00, and 0xFF01 for optional keys not supported). */
export function isPendingStatus(status: number): boolean {
  return status === 0xff00 || status === 0xff01;
}

/** Warning 0xB000: sub-operations complete, one or more failed or had warnings. */
export const SUB_OPERATIONS_WARNING = 0xb000;

function uidBytes(uid: string): Buffer {
  const b = Buffer.from(uid, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from([0])]) : b;
}

function aeBytes(ae: string): Buffer {
  const b = Buffer.from(ae.trim(), 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from(' ')]) : b;
}

function withGroupLength(elements: Buffer[]): Buffer {
  const body = Buffer.concat(elements);
  const gl = Buffer.alloc(4);
  gl.writeUInt32LE(body.length, 0);
  return Buffer.concat([encodeCommandElement(0x0000, gl), body]);
}

export interface QrRequestParams {
  commandField: number;
  sopClassUid: string;
  messageId: number;
  /** C-MOVE only. */
  moveDestination?: string;
}

/** A C-FIND-RQ, C-MOVE-RQ or C-GET-RQ command set; the identifier follows as the data set. */
export function encodeQrRequest(params: QrRequestParams): Buffer {
  const elements = [
    encodeCommandElement(0x0002, uidBytes(params.sopClassUid)),
    encodeCommandElement(0x0100, encodeUs(params.commandField)),
    encodeCommandElement(0x0110, encodeUs(params.messageId)),
  ];
  if (params.moveDestination !== undefined)
    elements.push(encodeCommandElement(0x0600, aeBytes(params.moveDestination)));
  elements.push(
    encodeCommandElement(0x0700, encodeUs(PRIORITY_MEDIUM)),
    encodeCommandElement(0x0800, encodeUs(0x0000)),
  );
  return withGroupLength(elements);
}

/** Sub-operation counts of a C-MOVE or C-GET response (0000,1020-1023); absent ones are null. */
export interface SubOperationCounts {
  remaining: number | null;
  completed: number | null;
  failed: number | null;
  warning: number | null;
}

export interface QrMessage {
  commandField: number;
  messageId: number;
  messageIdBeingRespondedTo: number;
  status: number;
  hasDataSet: boolean;
  affectedSopClassUid: string;
  affectedSopInstanceUid: string;
  errorComment: string | null;
  /** (0000,0901) Offending Element, as tags. */
  offendingElements: number[];
  counts: SubOperationCounts;
  /** (0008,0058) Failed SOP Instance UID List, where the peer put it into the response command (see below). */
  failedSopInstanceUids: string[];
}

export type QrMessageDecoding = { ok: true; message: QrMessage } | { ok: false; problem: string };

function text(value: Buffer): string {
  return value
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
}

function isResponse(commandField: number): boolean {
  return commandField >= 0 && (commandField & 0x8000) !== 0;
}

/**
 * dcmtk-based SCPs (Orthanc among them) merge the status detail of a C-GET/C-MOVE response,
 * e.g. (0008,0058) Failed SOP Instance UID List, into the command set, behind group 0000 and
 * with the data set type "none". Tolerated in responses only: read what is useful, skip the rest.
 */
export function readStatusDetailQuirk(m: QrMessage, group: number, element: number, value: Buffer): void {
  if (group === 0x0008 && element === 0x0058)
    m.failedSopInstanceUids.push(
      ...text(value)
        .split('\\')
        .map((u) => u.replace(/[\0 ]+$/, ''))
        .filter((u) => u !== ''),
    );
}

/** Decodes a command set strictly: a malformed one is a protocol error (the caller aborts). */
export function decodeQrMessage(buf: Buffer): QrMessageDecoding {
  const m: QrMessage = {
    commandField: -1,
    messageId: -1,
    messageIdBeingRespondedTo: -1,
    status: -1,
    hasDataSet: false,
    affectedSopClassUid: '',
    affectedSopInstanceUid: '',
    errorComment: null,
    offendingElements: [],
    failedSopInstanceUids: [],
    counts: { remaining: null, completed: null, failed: null, warning: null },
  };
  let dataSetType: number | null = null;
  let offset = 0;
  while (offset < buf.length) {
    if (offset + 8 > buf.length) return { ok: false, problem: 'command set ends inside an element header' };
    const group = buf.readUInt16LE(offset);
    const element = buf.readUInt16LE(offset + 2);
    const length = buf.readUInt32LE(offset + 4);
    if (offset + 8 + length > buf.length) return { ok: false, problem: 'command element overruns the command set' };
    const v = buf.subarray(offset + 8, offset + 8 + length);
    if (group !== 0x0000) {
      if (!isResponse(m.commandField))
        return { ok: false, problem: `command set holds an element of group ${group.toString(16).padStart(4, '0')}` };
      readStatusDetailQuirk(m, group, element, v);
      offset += 8 + length;
      continue;
    }
    const us = length === 2 ? v.readUInt16LE(0) : null;
    switch (element) {
      case 0x0002:
        m.affectedSopClassUid = text(v);
        break;
      case 0x0100:
        if (us !== null) m.commandField = us;
        break;
      case 0x0110:
        if (us !== null) m.messageId = us;
        break;
      case 0x0120:
        if (us !== null) m.messageIdBeingRespondedTo = us;
        break;
      case 0x0800:
        dataSetType = us;
        break;
      case 0x0900:
        if (us !== null) m.status = us;
        break;
      case 0x0901:
        for (let i = 0; i + 4 <= v.length; i += 4)
          m.offendingElements.push(((v.readUInt16LE(i) << 16) | v.readUInt16LE(i + 2)) >>> 0);
        break;
      case 0x0902:
        m.errorComment = text(v);
        break;
      case 0x1000:
        m.affectedSopInstanceUid = text(v);
        break;
      case 0x1020:
        m.counts.remaining = us;
        break;
      case 0x1021:
        m.counts.completed = us;
        break;
      case 0x1022:
        m.counts.failed = us;
        break;
      case 0x1023:
        m.counts.warning = us;
        break;
      default:
        break;
    }
    offset += 8 + length;
  }
  if (m.commandField < 0) return { ok: false, problem: 'command set without CommandField (0000,0100)' };
  if (dataSetType === null) return { ok: false, problem: 'command set without CommandDataSetType (0000,0800)' };
  m.hasDataSet = dataSetType !== NO_DATA_SET;
  return { ok: true, message: m };
}

/** The meaning of a Q/R failure status (PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4), for error messages. */
export function qrStatusText(status: number): string {
  if (status === 0x0000) return 'success';
  if (isPendingStatus(status)) return 'pending';
  if (status === 0xfe00) return 'cancelled';
  if (status === 0xa701) return 'refused: out of resources, unable to calculate number of matches';
  if (status === 0xa702) return 'refused: out of resources, unable to perform sub-operations';
  if (status === 0xa700) return 'refused: out of resources';
  if (status === 0xa801) return 'refused: move destination unknown';
  if (status === 0xa900) return 'identifier does not match SOP class';
  if (status === 0x0122) return 'SOP class not supported';
  if (status === 0x0110) return 'processing failure';
  if (status === SUB_OPERATIONS_WARNING) return 'sub-operations complete, one or more failures or warnings';
  if (status >= 0xc000 && status <= 0xcfff) return 'unable to process';
  return 'failure';
}
