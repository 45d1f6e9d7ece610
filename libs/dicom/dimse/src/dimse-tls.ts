import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConnectionOptions, SecureContextOptions, TLSSocket, checkServerIdentity, createSecureContext } from 'node:tls';

/** PEM files of DICOM TLS (PS3.15 B.1): our certificate and key, and the CA our peers must chain to. */
export interface DimseTlsPaths {
  certPath: string | null;
  keyPath: string | null;
  caPath: string | null;
}

/** The loaded key material; `ca` absent = the system's trusted CAs. */
export interface DimseTlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

export interface ScpTlsOptions extends DimseTlsMaterial {
  /** Demand a client certificate that chains to `ca` (mutual TLS); without one the handshake fails. */
  requireClientCert: boolean;
}

export interface ScuTlsOptions {
  /** Our client certificate, for peers that demand one (optional). */
  cert?: Buffer;
  key?: Buffer;
  ca?: Buffer;
  /** Check that the peer's certificate names the host we connect to (the chain is always checked). */
  verifyHostname: boolean;
}

/** DICOM TLS asked for but not possible as configured: the message says what to set. */
export class DimseTlsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DimseTlsConfigError';
  }
}

/** TLS 1.2 is the floor PS3.15 BCP 195 profiles allow. */
const MIN_VERSION = 'TLSv1.2';

function readPem(what: string, variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new DimseTlsConfigError(
      `cannot read the ${what} (${variable}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

/**
 * Reads and checks the certificate, key and CA. `needsOwnCertificate`: a listener cannot serve
 * TLS without them; a C-STORE client can (it then presents no certificate).
 */
export function loadDimseTls(paths: DimseTlsPaths, needsOwnCertificate: boolean): Partial<DimseTlsMaterial> {
  if (needsOwnCertificate && (!paths.certPath || !paths.keyPath)) {
    throw new DimseTlsConfigError(
      'DICOM TLS needs a certificate and key: set DIMSE_TLS_CERT and DIMSE_TLS_KEY (PEM files) for this process',
    );
  }
  if (Boolean(paths.certPath) !== Boolean(paths.keyPath))
    throw new DimseTlsConfigError('DIMSE_TLS_CERT and DIMSE_TLS_KEY go together: set both or neither');
  const material: Partial<DimseTlsMaterial> = {};
  if (paths.certPath && paths.keyPath) {
    material.cert = readPem('certificate', 'DIMSE_TLS_CERT', paths.certPath);
    material.key = readPem('private key', 'DIMSE_TLS_KEY', paths.keyPath);
  }
  if (paths.caPath) material.ca = readPem('CA bundle', 'DIMSE_TLS_CA', paths.caPath);
  try {
    createSecureContext({ ...material, minVersion: MIN_VERSION });
  } catch (err) {
    throw new DimseTlsConfigError(`the DICOM TLS certificate, key or CA is not usable: ${(err as Error).message}`);
  }
  return material;
}

/** Key material and protocol floor of a listener's TLS server. */
export function serverTlsOptions(options: ScpTlsOptions): SecureContextOptions {
  return { cert: options.cert, key: options.key, ca: options.ca, minVersion: MIN_VERSION };
}

/** Why a finished server handshake must not go on (a client certificate demanded and not valid), or null. */
export function clientCertificateProblem(socket: TLSSocket, requireClientCert: boolean): string | null {
  if (!requireClientCert) return null;
  if (socket.authorized) return null;
  const error = socket.authorizationError;
  return `client certificate refused: ${error ? (error instanceof Error ? error.message : String(error)) : 'none presented'}`;
}

/** tls.connect options of a C-STORE association to `host`. */
export function clientTlsOptions(host: string, port: number, tls: ScuTlsOptions): ConnectionOptions {
  return {
    host,
    port,
    cert: tls.cert,
    key: tls.key,
    ca: tls.ca,
    minVersion: MIN_VERSION,
    rejectUnauthorized: true,
    servername: isIP(host) === 0 ? host : undefined,
    checkServerIdentity: tls.verifyHostname ? checkServerIdentity : () => undefined,
  };
}
