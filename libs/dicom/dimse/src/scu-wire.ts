import { Socket, connect } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { clientTlsOptions } from './dimse-tls';
import { pDataHeader } from './pdu';
import { DimseError, ScuPeer } from './scu-types';

/** When the peer announces no limit (0), we still cut PDUs at this. */
const DEFAULT_PDV = 64 * 1024;

/**
 * A connection to `peer` (TLS when it says so) within `timeoutMs`, with TCP_NODELAY; rejects
 * with a DimseError naming the peer. Its data, later errors and close go to `handlers`.
 */
export function connectScuSocket(
  peer: ScuPeer,
  timeoutMs: number,
  peerName: string,
  handlers: { onData(data: Buffer): void; onError(err: Error): void; onClose(): void },
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const tls = peer.tls;
    const socket: Socket = tls
      ? connectTls(clientTlsOptions(peer.host, peer.port, tls))
      : connect({ host: peer.host, port: peer.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DimseError(`connecting to ${peerName} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new DimseError(`cannot connect to ${peerName}: ${err.message}`));
    });
    socket.on('data', handlers.onData);
    socket.on('error', handlers.onError);
    socket.on('close', handlers.onClose);
  });
}

/** The result/source/reason of an A-ASSOCIATE-RJ (PS3.8 table 9-21), in words. */
export function rejectReasonText(source: number, reason: number): string {
  if (source === 1)
    return (
      (
        {
          1: 'no reason given',
          2: 'application context name not supported',
          3: 'calling AE title not recognized',
          7: 'called AE title not recognized',
        } as Record<number, string>
      )[reason] ?? 'service user'
    );
  if (source === 2) return reason === 2 ? 'protocol version not supported' : 'no reason given (ACSE)';
  if (source === 3)
    return reason === 1 ? 'temporary congestion' : reason === 2 ? 'local limit exceeded' : 'presentation';
  return 'unknown source';
}

/**
 * One DIMSE message as P-DATA-TF PDUs of one PDV each, none longer than the peer's maximum
 * (PS3.8 9.3.5: the PDU body holds the 6-byte PDV header and the value): the command set, then
 * the data set, each fragment flagged, the last of each marked.
 */
export function messagePdus(m: { contextId: number; command: Buffer; dataSet?: Buffer; peerMaxPdu: number }): Buffer[] {
  const room = Math.max(2, (m.peerMaxPdu > 12 ? m.peerMaxPdu - 6 : DEFAULT_PDV) & ~1);
  const parts: Buffer[] = [];
  const fragments = (value: Buffer, isCommand: boolean): void => {
    for (let offset = 0; offset < value.length || offset === 0; offset += room) {
      const part = value.subarray(offset, offset + room);
      const last = offset + room >= value.length;
      parts.push(pDataHeader(m.contextId, part.length, isCommand, last), part);
      if (last) break;
    }
  };
  fragments(m.command, true);
  if (m.dataSet !== undefined) fragments(m.dataSet, false);
  return parts;
}
