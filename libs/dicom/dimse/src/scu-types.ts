import type { ScuTlsOptions } from './dimse-tls';

/** A peer we open associations to, and the AE titles we use with it. */
export interface ScuPeer {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  /** DICOM TLS to this peer; the connect timeout covers the handshake. */
  tls?: ScuTlsOptions;
}

/** How long a C-STORE SCU waits for the connection and for each answer of the peer. */
export interface ScuTimeouts {
  connectTimeoutMs: number;
  responseTimeoutMs: number;
}

/** One presentation context an association must propose: a SOP class in one transfer syntax. */
export interface PresentationNeed {
  sopClassUid: string;
  transferSyntaxUid: string;
}

/** A stored instance to send, with the facts recorded at ingest (nothing is parsed to send it). */
export interface StoreFile extends PresentationNeed {
  path: string;
  /** File offset of the data set (past preamble and meta): only these bytes go on the wire. */
  datasetOffset: number;
  /** Data set bytes sent before the file's (a morphed header spliced onto the rest of the file). */
  prefix?: Buffer;
  sopInstanceUid: string;
}

/** A failure of an outgoing association (connect, negotiation, the peer's answers), naming the peer. */
export class DimseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DimseError';
  }
}
