/**
 * DIMSE command sets as the SCP receives and answers them (PS3.7 section 9 and annex E):
 * group 0000, implicit VR little endian. The decoder refuses anything that is not a well-formed
 * command, so garbage is an A-ABORT and never a guess.
 */

import { encodeCommandElement, encodeUs } from './pdu';

export const CommandField = {
  CStoreRq: 0x0001,
  CStoreRsp: 0x8001,
  CGetRq: 0x0010,
  CFindRq: 0x0020,
  CMoveRq: 0x0021,
  CEchoRq: 0x0030,
  CEchoRsp: 0x8030,
  NEventReportRq: 0x0100,
  NGetRq: 0x0110,
  NSetRq: 0x0120,
  NActionRq: 0x0130,
  NCreateRq: 0x0140,
  NDeleteRq: 0x0150,
  CCancelRq: 0x0fff,
} as const;

/** Requests we understand but do not perform: answered with status 0x0211 (unrecognized operation). */
export const UNSUPPORTED_REQUESTS: ReadonlySet<number> = new Set([
  CommandField.CGetRq,
  CommandField.CFindRq,
  CommandField.CMoveRq,
  CommandField.NEventReportRq,
  CommandField.NGetRq,
  CommandField.NSetRq,
  CommandField.NActionRq,
  CommandField.NCreateRq,
  CommandField.NDeleteRq,
]);

export const UNRECOGNIZED_OPERATION = 0x0211;
const NO_DATA_SET = 0x0101;

export interface IncomingCommand {
  commandField: number;
  messageId: number;
  hasDataSet: boolean;
  affectedSopClassUid: string;
  affectedSopInstanceUid: string;
  /** C-STORE sub-operation of a C-MOVE: the AE that asked for the move and its message id (0000,1030/1031). */
  moveOriginator?: { aeTitle: string; messageId: number };
}

export type CommandDecoding = { ok: true; command: IncomingCommand } | { ok: false; problem: string };

function uid(value: Buffer): string {
  return value.toString('latin1').replace(/[\0 ]+$/, '');
}

export function decodeIncomingCommand(buf: Buffer): CommandDecoding {
  let commandField: number | null = null;
  let dataSetType: number | null = null;
  let messageId = -1;
  let affectedSopClassUid = '';
  let affectedSopInstanceUid = '';
  let moveOriginatorAe = '';
  let moveOriginatorMessageId = -1;
  let offset = 0;
  while (offset < buf.length) {
    if (offset + 8 > buf.length) return { ok: false, problem: 'command set ends inside an element header' };
    const group = buf.readUInt16LE(offset);
    const element = buf.readUInt16LE(offset + 2);
    const length = buf.readUInt32LE(offset + 4);
    if (group !== 0x0000)
      return { ok: false, problem: `command set holds an element of group ${group.toString(16).padStart(4, '0')}` };
    if (offset + 8 + length > buf.length) return { ok: false, problem: 'command element overruns the command set' };
    const value = buf.subarray(offset + 8, offset + 8 + length);
    if (element === 0x0100 && length === 2) commandField = value.readUInt16LE(0);
    else if (element === 0x0110 && length === 2) messageId = value.readUInt16LE(0);
    else if (element === 0x0800 && length === 2) dataSetType = value.readUInt16LE(0);
    else if (element === 0x0002) affectedSopClassUid = uid(value);
    else if (element === 0x1000) affectedSopInstanceUid = uid(value);
    else if (element === 0x1030)
      moveOriginatorAe = value
        .toString('latin1')
        .replace(/[\0 ]+$/, '')
        .replace(/^ +/, '');
    else if (element === 0x1031 && length === 2) moveOriginatorMessageId = value.readUInt16LE(0);
    offset += 8 + length;
  }
  if (commandField === null) return { ok: false, problem: 'command set without CommandField (0000,0100)' };
  if (dataSetType === null) return { ok: false, problem: 'command set without CommandDataSetType (0000,0800)' };
  const command: IncomingCommand = {
    commandField,
    messageId,
    hasDataSet: dataSetType !== NO_DATA_SET,
    affectedSopClassUid,
    affectedSopInstanceUid,
  };
  if (moveOriginatorAe) command.moveOriginator = { aeTitle: moveOriginatorAe, messageId: moveOriginatorMessageId };
  return { ok: true, command };
}

function padded(value: string, pad: number): Buffer {
  const b = Buffer.from(value, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from([pad])]) : b;
}

export interface ResponseParams {
  commandField: number;
  messageIdBeingRespondedTo: number;
  status: number;
  affectedSopClassUid?: string;
  affectedSopInstanceUid?: string;
  errorComment?: string;
}

/** A response command set, elements in ascending tag order behind their group length. */
export function encodeResponse(params: ResponseParams): Buffer {
  const elements: Buffer[] = [];
  if (params.affectedSopClassUid) elements.push(encodeCommandElement(0x0002, padded(params.affectedSopClassUid, 0)));
  elements.push(
    encodeCommandElement(0x0100, encodeUs(params.commandField)),
    encodeCommandElement(0x0120, encodeUs(params.messageIdBeingRespondedTo)),
    encodeCommandElement(0x0800, encodeUs(NO_DATA_SET)),
    encodeCommandElement(0x0900, encodeUs(params.status)),
  );
  // Error Comment is LO: at most 64 characters, and never a control character on the wire
  if (params.errorComment)
    elements.push(
      encodeCommandElement(0x0902, padded(params.errorComment.replace(/[^\x20-\x7e]/g, '?').slice(0, 64), 0x20)),
    );
  if (params.affectedSopInstanceUid)
    elements.push(encodeCommandElement(0x1000, padded(params.affectedSopInstanceUid, 0)));
  const body = Buffer.concat(elements);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length, 0);
  return Buffer.concat([encodeCommandElement(0x0000, groupLength), body]);
}
