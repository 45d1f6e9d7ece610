import { ByteSyntax, hasLongLength } from './dataset-model';
import { isTextVr } from './values';

/** Header bytes of an element of defined length, in the given syntax. */
export function encodeElementHeader(tag: number, vr: string, length: number, syntax: ByteSyntax): Buffer {
  const le = syntax.littleEndian;
  const long = !syntax.explicitVr || hasLongLength(vr);
  const header = Buffer.alloc(syntax.explicitVr && long ? 12 : 8);
  writeTag(header, 0, tag, le);
  if (!syntax.explicitVr) {
    writeU32(header, 4, length, le);
  } else {
    header.write(vr, 4, 'latin1');
    if (long) writeU32(header, 8, length, le);
    else if (length > 0xffff) throw new RangeError(`a value of ${length} bytes does not fit VR ${vr}`);
    else if (le) header.writeUInt16LE(length, 6);
    else header.writeUInt16BE(length, 6);
  }
  return header;
}

export function encodeElement(tag: number, vr: string, value: Buffer, syntax: ByteSyntax): Buffer {
  return Buffer.concat([encodeElementHeader(tag, vr, value.length, syntax), value]);
}

export function writeTag(buf: Buffer, offset: number, tag: number, le: boolean): void {
  if (le) {
    buf.writeUInt16LE(tag >>> 16, offset);
    buf.writeUInt16LE(tag & 0xffff, offset + 2);
  } else {
    buf.writeUInt16BE(tag >>> 16, offset);
    buf.writeUInt16BE(tag & 0xffff, offset + 2);
  }
}

export function writeU32(buf: Buffer, offset: number, value: number, le: boolean): void {
  if (le) buf.writeUInt32LE(value, offset);
  else buf.writeUInt32BE(value, offset);
}

/** Offset of the 32-bit length field inside the header of a sequence (or UN) element. */
export function sequenceLengthFieldOffset(syntax: ByteSyntax): number {
  return syntax.explicitVr ? 8 : 4;
}

/** The byte a value of this VR is padded with: a space for text, NUL for UI and binary VRs (PS3.5 6.2). */
export function paddingByte(vr: string): number {
  return isTextVr(vr) && vr !== 'UI' ? 0x20 : 0x00;
}

/** Value bytes of even length (PS3.5 7.1.1): an odd value gets the VR's padding byte. */
export function padToEven(vr: string, value: Buffer): Buffer {
  return value.length % 2 === 0 ? value : Buffer.concat([value, Buffer.from([paddingByte(vr)])]);
}
