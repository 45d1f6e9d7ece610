/** C-STORE response statuses used by the router (PS3.4 B.2.3, PS3.7 C). */
export const StoreStatus = {
  Success: 0x0000,
  /** Refused: out of resources (spool or ledger or broker unavailable). */
  OutOfResources: 0xa700,
  /** Error: data set does not match SOP class. */
  DataSetMismatch: 0xa900,
  /** Error: cannot understand (malformed data set). */
  CannotUnderstand: 0xc000,
  ProcessingFailure: 0x0110,
} as const;

/** Warning statuses (B000, B007, B006) mean the peer stored the object. */
export function isStoredStatus(status: number): boolean {
  return status === 0x0000 || status === 0xb000 || status === 0xb007 || status === 0xb006;
}

export function describeStatus(status: number): string {
  return `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
}
