/**
 * The DICOM upper layer state machine of PS3.8 section 9.2 (table 9-10), acceptor side: states,
 * events and actions are data, and `transition` only looks them up, so every row can be tested
 * on its own. The requestor-only states (Sta4, Sta5, Sta7, Sta9-Sta12) and events (Evt1, Evt2,
 * Evt11) never occur in an SCP that does not open associations, and are left out.
 */

export type DulState = 'Sta1' | 'Sta2' | 'Sta3' | 'Sta6' | 'Sta8' | 'Sta13';

export type DulEvent =
  | 'Evt3' // A-ASSOCIATE-AC PDU received
  | 'Evt4' // A-ASSOCIATE-RJ PDU received
  | 'Evt5' // transport connection indication
  | 'Evt6' // A-ASSOCIATE-RQ PDU received
  | 'Evt7' // local A-ASSOCIATE response (accept)
  | 'Evt8' // local A-ASSOCIATE response (reject)
  | 'Evt9' // local P-DATA request (we send a DIMSE response)
  | 'Evt10' // P-DATA-TF PDU received
  | 'Evt12' // A-RELEASE-RQ PDU received
  | 'Evt13' // A-RELEASE-RP PDU received
  | 'Evt14' // local A-RELEASE response
  | 'Evt15' // local A-ABORT request (our timeouts, limits, DIMSE protocol errors)
  | 'Evt16' // A-ABORT PDU received
  | 'Evt17' // transport connection closed
  | 'Evt18' // ARTIM timer expired
  | 'Evt19'; // unrecognized or invalid PDU received

export type DulAction =
  | 'AE-5' // accept the transport connection, start ARTIM
  | 'AE-6' // stop ARTIM, examine the A-ASSOCIATE-RQ (the local decision follows as Evt7/Evt8)
  | 'AE-7' // send A-ASSOCIATE-AC
  | 'AE-8' // send A-ASSOCIATE-RJ, start ARTIM
  | 'DT-1' // send P-DATA-TF
  | 'DT-2' // P-DATA indication: hand the PDVs to the DIMSE layer
  | 'AR-2' // A-RELEASE indication: answer once every pending response is out
  | 'AR-4' // send A-RELEASE-RP, start ARTIM
  | 'AR-5' // stop ARTIM (the peer closed after release or reject)
  | 'AR-7' // send P-DATA-TF while the release waits
  | 'AA-1' // send A-ABORT, (re)start ARTIM
  | 'AA-2' // stop ARTIM, close the transport
  | 'AA-3' // the peer aborted: A-ABORT indication, close the transport
  | 'AA-4' // transport lost: A-P-ABORT indication
  | 'AA-5' // stop ARTIM (transport closed before any request)
  | 'AA-6' // ignore the PDU
  | 'AA-7' // send A-ABORT
  | 'AA-8' // send A-ABORT (service-provider source), A-P-ABORT indication, start ARTIM
  | 'NOOP'; // not in table 9-10: a late local event on a connection that is already gone

export interface DulTransition {
  action: DulAction;
  next: DulState;
}

export const DUL_STATES: readonly DulState[] = ['Sta1', 'Sta2', 'Sta3', 'Sta6', 'Sta8', 'Sta13'];
export const DUL_EVENTS: readonly DulEvent[] = [
  'Evt3',
  'Evt4',
  'Evt5',
  'Evt6',
  'Evt7',
  'Evt8',
  'Evt9',
  'Evt10',
  'Evt12',
  'Evt13',
  'Evt14',
  'Evt15',
  'Evt16',
  'Evt17',
  'Evt18',
  'Evt19',
];

const t = (action: DulAction, next: DulState): DulTransition => ({ action, next });

/** The peer sent a PDU that is wrong in this state: abort as service provider. */
const PROTOCOL_ERROR_STA3_6_8 = t('AA-8', 'Sta13');

/** Table 9-10, restricted to the acceptor. Every (state, event) pair has an entry. */
export const DUL_TABLE: Readonly<Record<DulState, Readonly<Record<DulEvent, DulTransition>>>> = {
  Sta1: {
    Evt3: t('NOOP', 'Sta1'),
    Evt4: t('NOOP', 'Sta1'),
    Evt5: t('AE-5', 'Sta2'),
    Evt6: t('NOOP', 'Sta1'),
    Evt7: t('NOOP', 'Sta1'),
    Evt8: t('NOOP', 'Sta1'),
    Evt9: t('NOOP', 'Sta1'),
    Evt10: t('NOOP', 'Sta1'),
    Evt12: t('NOOP', 'Sta1'),
    Evt13: t('NOOP', 'Sta1'),
    Evt14: t('NOOP', 'Sta1'),
    Evt15: t('NOOP', 'Sta1'),
    Evt16: t('NOOP', 'Sta1'),
    Evt17: t('NOOP', 'Sta1'),
    Evt18: t('NOOP', 'Sta1'),
    Evt19: t('NOOP', 'Sta1'),
  },
  Sta2: {
    Evt3: t('AA-1', 'Sta13'),
    Evt4: t('AA-1', 'Sta13'),
    Evt5: t('NOOP', 'Sta2'),
    Evt6: t('AE-6', 'Sta3'),
    Evt7: t('NOOP', 'Sta2'),
    Evt8: t('NOOP', 'Sta2'),
    Evt9: t('NOOP', 'Sta2'),
    Evt10: t('AA-1', 'Sta13'),
    // a local abort before any request (listener stopping) just closes: there is no association
    Evt12: t('AA-1', 'Sta13'),
    Evt13: t('AA-1', 'Sta13'),
    Evt14: t('NOOP', 'Sta2'),
    Evt15: t('AA-2', 'Sta1'),
    // Evt19 before any request: the standard's AA-1 would send an A-ABORT, but bytes that do not
    // even frame a PDU do not come from an upper layer that reads one, and an unread A-ABORT keeps
    // such a client's socket half-open; an orderly close (AA-2) ends it on both sides
    Evt16: t('AA-2', 'Sta1'),
    Evt17: t('AA-5', 'Sta1'),
    Evt18: t('AA-2', 'Sta1'),
    Evt19: t('AA-2', 'Sta1'),
  },
  Sta3: {
    Evt3: PROTOCOL_ERROR_STA3_6_8,
    Evt4: PROTOCOL_ERROR_STA3_6_8,
    Evt5: t('NOOP', 'Sta3'),
    Evt6: PROTOCOL_ERROR_STA3_6_8,
    Evt7: t('AE-7', 'Sta6'),
    Evt8: t('AE-8', 'Sta13'),
    Evt9: t('NOOP', 'Sta3'),
    Evt10: PROTOCOL_ERROR_STA3_6_8,
    Evt12: PROTOCOL_ERROR_STA3_6_8,
    Evt13: PROTOCOL_ERROR_STA3_6_8,
    Evt14: t('NOOP', 'Sta3'),
    Evt15: t('AA-1', 'Sta13'),
    Evt16: t('AA-3', 'Sta1'),
    Evt17: t('AA-4', 'Sta1'),
    Evt18: t('NOOP', 'Sta3'),
    Evt19: PROTOCOL_ERROR_STA3_6_8,
  },
  Sta6: {
    Evt3: PROTOCOL_ERROR_STA3_6_8,
    Evt4: PROTOCOL_ERROR_STA3_6_8,
    Evt5: t('NOOP', 'Sta6'),
    Evt6: PROTOCOL_ERROR_STA3_6_8,
    Evt7: t('NOOP', 'Sta6'),
    Evt8: t('NOOP', 'Sta6'),
    Evt9: t('DT-1', 'Sta6'),
    Evt10: t('DT-2', 'Sta6'),
    Evt12: t('AR-2', 'Sta8'),
    Evt13: PROTOCOL_ERROR_STA3_6_8,
    Evt14: t('NOOP', 'Sta6'),
    Evt15: t('AA-1', 'Sta13'),
    Evt16: t('AA-3', 'Sta1'),
    Evt17: t('AA-4', 'Sta1'),
    Evt18: t('NOOP', 'Sta6'),
    Evt19: PROTOCOL_ERROR_STA3_6_8,
  },
  Sta8: {
    Evt3: PROTOCOL_ERROR_STA3_6_8,
    Evt4: PROTOCOL_ERROR_STA3_6_8,
    Evt5: t('NOOP', 'Sta8'),
    Evt6: PROTOCOL_ERROR_STA3_6_8,
    Evt7: t('NOOP', 'Sta8'),
    Evt8: t('NOOP', 'Sta8'),
    Evt9: t('AR-7', 'Sta8'),
    Evt10: PROTOCOL_ERROR_STA3_6_8,
    Evt12: PROTOCOL_ERROR_STA3_6_8,
    Evt13: PROTOCOL_ERROR_STA3_6_8,
    Evt14: t('AR-4', 'Sta13'),
    Evt15: t('AA-1', 'Sta13'),
    Evt16: t('AA-3', 'Sta1'),
    Evt17: t('AA-4', 'Sta1'),
    Evt18: t('NOOP', 'Sta8'),
    Evt19: PROTOCOL_ERROR_STA3_6_8,
  },
  Sta13: {
    Evt3: t('AA-6', 'Sta13'),
    Evt4: t('AA-6', 'Sta13'),
    Evt5: t('NOOP', 'Sta13'),
    Evt6: t('AA-7', 'Sta13'),
    Evt7: t('NOOP', 'Sta13'),
    Evt8: t('NOOP', 'Sta13'),
    Evt9: t('NOOP', 'Sta13'),
    Evt10: t('AA-6', 'Sta13'),
    Evt12: t('AA-6', 'Sta13'),
    Evt13: t('AA-6', 'Sta13'),
    Evt14: t('NOOP', 'Sta13'),
    Evt15: t('NOOP', 'Sta13'),
    Evt16: t('AA-2', 'Sta1'),
    Evt17: t('AR-5', 'Sta1'),
    Evt18: t('AA-2', 'Sta1'),
    Evt19: t('AA-7', 'Sta13'),
  },
};

export function transition(state: DulState, event: DulEvent): DulTransition {
  return DUL_TABLE[state][event];
}

/** The event a received PDU type raises (PS3.8 9.3.1); unknown types are Evt19. */
export function eventForPduType(type: number): DulEvent {
  switch (type) {
    case 0x01:
      return 'Evt6';
    case 0x02:
      return 'Evt3';
    case 0x03:
      return 'Evt4';
    case 0x04:
      return 'Evt10';
    case 0x05:
      return 'Evt12';
    case 0x06:
      return 'Evt13';
    case 0x07:
      return 'Evt16';
    default:
      return 'Evt19';
  }
}
