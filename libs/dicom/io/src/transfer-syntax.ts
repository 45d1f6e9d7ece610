import type { ByteSyntax } from './dataset-model';

export const TransferSyntax = {
  ImplicitVrLittleEndian: '1.2.840.10008.1.2',
  ExplicitVrLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVrLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVrBigEndian: '1.2.840.10008.1.2.2',
} as const;

export interface SyntaxInfo extends ByteSyntax {
  deflated: boolean;
}

/**
 * Byte layout of a transfer syntax. Every syntax other than implicit VR LE, explicit VR BE and
 * deflate encodes its data set as explicit VR little endian (compressed ones differ only in the
 * pixel data), which is also what PS3.5 requires of syntaxes defined after this code was written.
 */
export function syntaxOf(uid: string): SyntaxInfo {
  switch (uid) {
    case TransferSyntax.ImplicitVrLittleEndian:
      return { littleEndian: true, explicitVr: false, deflated: false };
    case TransferSyntax.ExplicitVrBigEndian:
      return { littleEndian: false, explicitVr: true, deflated: false };
    case TransferSyntax.DeflatedExplicitVrLittleEndian:
    case '1.2.840.10008.1.2.4.95': // JPIP Referenced Deflate
      return { littleEndian: true, explicitVr: true, deflated: true };
    default:
      return { littleEndian: true, explicitVr: true, deflated: false };
  }
}

/** A transfer syntax UID is syntactically valid (PS3.5 9.1: digits and dots, 64 chars at most). */
export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}
