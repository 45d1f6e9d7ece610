/** Encoding and decoding of the upper-layer PDUs a C-STORE SCU needs (PS3.8 section 9.3). */

export const PduType = {
  AssociateRq: 0x01,
  AssociateAc: 0x02,
  AssociateRj: 0x03,
  PDataTf: 0x04,
  ReleaseRq: 0x05,
  ReleaseRp: 0x06,
  Abort: 0x07,
} as const;

export const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';

export interface ProposedContext {
  id: number;
  abstractSyntax: string;
  transferSyntaxes: string[];
}

export interface AcceptedContext {
  id: number;
  result: number;
  transferSyntax: string | null;
}

/** SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4): which roles the requestor offers for a SOP class. */
export interface RoleSelection {
  sopClassUid: string;
  scu: boolean;
  scp: boolean;
}

function encodeRoleSelection(role: RoleSelection): Buffer {
  const uid = Buffer.from(role.sopClassUid, 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(uid.length, 0);
  return encodeItem(0x54, Buffer.concat([length, uid, Buffer.from([role.scu ? 1 : 0, role.scp ? 1 : 0])]));
}

/** An item of an association PDU (PS3.8 9.3.2): type, reserved byte, 2-byte length, value. */
export function encodeItem(type: number, body: Buffer): Buffer {
  if (body.length > 0xffff) throw new RangeError(`item 0x${type.toString(16)} of ${body.length} bytes`);
  const header = Buffer.alloc(4);
  header.writeUInt8(type, 0);
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

/** A PDU: type, reserved byte, 4-byte length, body. */
export function encodePdu(type: number, body: Buffer): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function ae(title: string): Buffer {
  return Buffer.from(title.padEnd(16, ' ').slice(0, 16), 'latin1');
}

export function encodeAssociateRq(params: {
  callingAe: string;
  calledAe: string;
  contexts: ProposedContext[];
  maxPduLength: number;
  implementationClassUid: string;
  implementationVersionName: string;
  /** Role selection sub-items (C-GET: we are the storage SCP of the sub-operations). */
  roleSelections?: RoleSelection[];
}): Buffer {
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(1, 0);
  ae(params.calledAe).copy(fixed, 4);
  ae(params.callingAe).copy(fixed, 20);
  const items: Buffer[] = [encodeItem(0x10, Buffer.from(APPLICATION_CONTEXT, 'latin1'))];
  for (const ctx of params.contexts) {
    const sub = [
      encodeItem(0x30, Buffer.from(ctx.abstractSyntax, 'latin1')),
      ...ctx.transferSyntaxes.map((ts) => encodeItem(0x40, Buffer.from(ts, 'latin1'))),
    ];
    items.push(encodeItem(0x20, Buffer.concat([Buffer.from([ctx.id, 0, 0, 0]), ...sub])));
  }
  const maxLen = Buffer.alloc(4);
  maxLen.writeUInt32BE(params.maxPduLength, 0);
  items.push(
    encodeItem(
      0x50,
      Buffer.concat([
        encodeItem(0x51, maxLen),
        encodeItem(0x52, Buffer.from(params.implementationClassUid, 'latin1')),
        ...(params.roleSelections ?? []).map(encodeRoleSelection),
        encodeItem(0x55, Buffer.from(params.implementationVersionName, 'latin1')),
      ]),
    ),
  );
  return encodePdu(PduType.AssociateRq, Buffer.concat([fixed, ...items]));
}

export function decodeAssociateAc(body: Buffer): {
  contexts: AcceptedContext[];
  maxPduLength: number;
  roles: RoleSelection[];
} {
  const contexts: AcceptedContext[] = [];
  const roles: RoleSelection[] = [];
  let maxPduLength = 0;
  let offset = 68;
  while (offset + 4 <= body.length) {
    const type = body.readUInt8(offset);
    const len = body.readUInt16BE(offset + 2);
    const value = body.subarray(offset + 4, offset + 4 + len);
    if (type === 0x21) {
      let transferSyntax: string | null = null;
      if (value.length >= 8 && value.readUInt8(4) === 0x40) {
        const tsLen = value.readUInt16BE(6);
        transferSyntax = value
          .toString('latin1', 8, 8 + tsLen)
          .replace(/\0+$/, '')
          .trim();
      }
      contexts.push({ id: value.readUInt8(0), result: value.readUInt8(2), transferSyntax });
    } else if (type === 0x50) {
      let sub = 0;
      while (sub + 4 <= value.length) {
        const subType = value.readUInt8(sub);
        const subLen = value.readUInt16BE(sub + 2);
        if (subType === 0x51 && subLen === 4) maxPduLength = value.readUInt32BE(sub + 4);
        else if (subType === 0x54 && subLen >= 4) {
          const uidLen = value.readUInt16BE(sub + 4);
          if (uidLen + 4 <= subLen) {
            const sopClassUid = value
              .toString('latin1', sub + 6, sub + 6 + uidLen)
              .replace(/\0+$/, '')
              .trim();
            roles.push({
              sopClassUid,
              scu: value.readUInt8(sub + 6 + uidLen) === 1,
              scp: value.readUInt8(sub + 7 + uidLen) === 1,
            });
          }
        }
        sub += 4 + subLen;
      }
    }
    offset += 4 + len;
  }
  return { contexts, maxPduLength, roles };
}

export function encodeReleaseRq(): Buffer {
  return encodePdu(PduType.ReleaseRq, Buffer.alloc(4));
}

export function encodeReleaseRp(): Buffer {
  return encodePdu(PduType.ReleaseRp, Buffer.alloc(4));
}

export function encodeAbort(): Buffer {
  return encodePdu(PduType.Abort, Buffer.alloc(4));
}

/** Header of a P-DATA-TF PDU holding one PDV of `valueLength` bytes (the value follows). */
export function pDataHeader(contextId: number, valueLength: number, command: boolean, last: boolean): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt8(PduType.PDataTf, 0);
  header.writeUInt32BE(valueLength + 6, 2);
  header.writeUInt32BE(valueLength + 2, 6);
  header.writeUInt8(contextId, 10);
  header.writeUInt8((command ? 1 : 0) | (last ? 2 : 0), 11);
  return header;
}

export interface Pdv {
  contextId: number;
  command: boolean;
  last: boolean;
  value: Buffer;
}

export function decodePData(body: Buffer): Pdv[] {
  const out: Pdv[] = [];
  let offset = 0;
  while (offset + 6 <= body.length) {
    const len = body.readUInt32BE(offset);
    const mch = body.readUInt8(offset + 5);
    out.push({
      contextId: body.readUInt8(offset + 4),
      command: (mch & 1) === 1,
      last: (mch & 2) === 2,
      value: body.subarray(offset + 6, offset + 4 + len),
    });
    offset += 4 + len;
  }
  return out;
}

// ---- DIMSE command sets (implicit VR little endian, group 0000) ----

/** One command-set element (group 0000, implicit VR little endian). */
export function encodeCommandElement(element: number, value: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(0x0000, 0);
  h.writeUInt16LE(element, 2);
  h.writeUInt32LE(value.length, 4);
  return Buffer.concat([h, value]);
}

export function encodeUs(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n, 0);
  return b;
}

function ui(uid: string): Buffer {
  const b = Buffer.from(uid, 'latin1');
  return b.length % 2 ? Buffer.concat([b, Buffer.from([0])]) : b;
}

function withGroupLength(elements: Buffer[]): Buffer {
  const body = Buffer.concat(elements);
  const gl = Buffer.alloc(4);
  gl.writeUInt32LE(body.length, 0);
  return Buffer.concat([encodeCommandElement(0x0000, gl), body]);
}

export function encodeCStoreRq(params: { messageId: number; sopClassUid: string; sopInstanceUid: string }): Buffer {
  return withGroupLength([
    encodeCommandElement(0x0002, ui(params.sopClassUid)),
    encodeCommandElement(0x0100, encodeUs(0x0001)),
    encodeCommandElement(0x0110, encodeUs(params.messageId)),
    encodeCommandElement(0x0700, encodeUs(0x0000)),
    encodeCommandElement(0x0800, encodeUs(0x0000)),
    encodeCommandElement(0x1000, ui(params.sopInstanceUid)),
  ]);
}

/** C-ECHO-RQ on the Verification SOP class (no data set). */
export function encodeCEchoRq(messageId: number): Buffer {
  return withGroupLength([
    encodeCommandElement(0x0002, ui(VERIFICATION_SOP_CLASS_UID)),
    encodeCommandElement(0x0100, encodeUs(0x0030)),
    encodeCommandElement(0x0110, encodeUs(messageId)),
    encodeCommandElement(0x0800, encodeUs(0x0101)),
  ]);
}

export const VERIFICATION_SOP_CLASS_UID = '1.2.840.10008.1.1';

export interface CommandResponse {
  commandField: number;
  messageIdBeingRespondedTo: number;
  status: number;
  errorComment?: string;
}

export function decodeCommand(buf: Buffer): CommandResponse {
  const out: CommandResponse = { commandField: 0, messageIdBeingRespondedTo: -1, status: -1 };
  let offset = 0;
  while (offset + 8 <= buf.length) {
    const element = buf.readUInt16LE(offset + 2);
    const len = buf.readUInt32LE(offset + 4);
    const v = buf.subarray(offset + 8, offset + 8 + len);
    if (element === 0x0100 && len >= 2) out.commandField = v.readUInt16LE(0);
    else if (element === 0x0120 && len >= 2) out.messageIdBeingRespondedTo = v.readUInt16LE(0);
    else if (element === 0x0900 && len >= 2) out.status = v.readUInt16LE(0);
    else if (element === 0x0902) out.errorComment = v.toString('latin1').replace(/[\0 ]+$/, '');
    offset += 8 + len;
  }
  return out;
}

/** The result/reason of a presentation context in an A-ASSOCIATE-AC (PS3.8 table 9-18), in words. */
export function presentationContextResultText(result: number): string {
  switch (result) {
    case 0:
      return 'acceptance';
    case 1:
      return 'user-rejection';
    case 2:
      return 'no-reason (provider rejection)';
    case 3:
      return 'abstract-syntax-not-supported';
    case 4:
      return 'transfer-syntaxes-not-supported';
    default:
      return `result ${result}`;
  }
}
