import {
  DUL_EVENTS,
  DUL_STATES,
  DUL_TABLE,
  DulAction,
  DulEvent,
  DulState,
  eventForPduType,
  transition,
} from './dul-state-machine';

/** PS3.8 table 9-10, acceptor rows, written out independently of the implementation's table. */
const EXPECTED: [DulState, DulEvent, DulAction, DulState][] = [
  ['Sta1', 'Evt5', 'AE-5', 'Sta2'],
  ['Sta2', 'Evt3', 'AA-1', 'Sta13'],
  ['Sta2', 'Evt4', 'AA-1', 'Sta13'],
  ['Sta2', 'Evt6', 'AE-6', 'Sta3'],
  ['Sta2', 'Evt10', 'AA-1', 'Sta13'],
  ['Sta2', 'Evt12', 'AA-1', 'Sta13'],
  ['Sta2', 'Evt13', 'AA-1', 'Sta13'],
  ['Sta2', 'Evt16', 'AA-2', 'Sta1'],
  ['Sta2', 'Evt17', 'AA-5', 'Sta1'],
  ['Sta2', 'Evt18', 'AA-2', 'Sta1'],
  ['Sta3', 'Evt3', 'AA-8', 'Sta13'],
  ['Sta3', 'Evt4', 'AA-8', 'Sta13'],
  ['Sta3', 'Evt6', 'AA-8', 'Sta13'],
  ['Sta3', 'Evt7', 'AE-7', 'Sta6'],
  ['Sta3', 'Evt8', 'AE-8', 'Sta13'],
  ['Sta3', 'Evt10', 'AA-8', 'Sta13'],
  ['Sta3', 'Evt12', 'AA-8', 'Sta13'],
  ['Sta3', 'Evt13', 'AA-8', 'Sta13'],
  ['Sta3', 'Evt15', 'AA-1', 'Sta13'],
  ['Sta3', 'Evt16', 'AA-3', 'Sta1'],
  ['Sta3', 'Evt17', 'AA-4', 'Sta1'],
  ['Sta3', 'Evt19', 'AA-8', 'Sta13'],
  ['Sta6', 'Evt3', 'AA-8', 'Sta13'],
  ['Sta6', 'Evt4', 'AA-8', 'Sta13'],
  ['Sta6', 'Evt6', 'AA-8', 'Sta13'],
  ['Sta6', 'Evt9', 'DT-1', 'Sta6'],
  ['Sta6', 'Evt10', 'DT-2', 'Sta6'],
  ['Sta6', 'Evt12', 'AR-2', 'Sta8'],
  ['Sta6', 'Evt13', 'AA-8', 'Sta13'],
  ['Sta6', 'Evt15', 'AA-1', 'Sta13'],
  ['Sta6', 'Evt16', 'AA-3', 'Sta1'],
  ['Sta6', 'Evt17', 'AA-4', 'Sta1'],
  ['Sta6', 'Evt19', 'AA-8', 'Sta13'],
  ['Sta8', 'Evt3', 'AA-8', 'Sta13'],
  ['Sta8', 'Evt4', 'AA-8', 'Sta13'],
  ['Sta8', 'Evt6', 'AA-8', 'Sta13'],
  ['Sta8', 'Evt9', 'AR-7', 'Sta8'],
  ['Sta8', 'Evt10', 'AA-8', 'Sta13'],
  ['Sta8', 'Evt12', 'AA-8', 'Sta13'],
  ['Sta8', 'Evt13', 'AA-8', 'Sta13'],
  ['Sta8', 'Evt14', 'AR-4', 'Sta13'],
  ['Sta8', 'Evt15', 'AA-1', 'Sta13'],
  ['Sta8', 'Evt16', 'AA-3', 'Sta1'],
  ['Sta8', 'Evt17', 'AA-4', 'Sta1'],
  ['Sta8', 'Evt19', 'AA-8', 'Sta13'],
  ['Sta13', 'Evt3', 'AA-6', 'Sta13'],
  ['Sta13', 'Evt4', 'AA-6', 'Sta13'],
  ['Sta13', 'Evt6', 'AA-7', 'Sta13'],
  ['Sta13', 'Evt10', 'AA-6', 'Sta13'],
  ['Sta13', 'Evt12', 'AA-6', 'Sta13'],
  ['Sta13', 'Evt13', 'AA-6', 'Sta13'],
  ['Sta13', 'Evt16', 'AA-2', 'Sta1'],
  ['Sta13', 'Evt17', 'AR-5', 'Sta1'],
  ['Sta13', 'Evt18', 'AA-2', 'Sta1'],
  ['Sta13', 'Evt19', 'AA-7', 'Sta13'],
  // local additions outside table 9-10: a local abort before any request simply closes
  ['Sta2', 'Evt15', 'AA-2', 'Sta1'],
  // deviation: bytes that are not a PDU before any request are closed on, not answered (see the table)
  ['Sta2', 'Evt19', 'AA-2', 'Sta1'],
];

describe('DUL state machine (PS3.8 table 9-10, acceptor)', () => {
  it.each(EXPECTED)('%s + %s -> %s, %s', (state, event, action, next) => {
    expect(transition(state, event)).toEqual({ action, next });
  });

  it('defines every (state, event) pair, and everything not in the standard is a NOOP that keeps the state', () => {
    const listed = new Set(EXPECTED.map(([s, e]) => `${s}/${e}`));
    for (const state of DUL_STATES) {
      for (const event of DUL_EVENTS) {
        const entry = DUL_TABLE[state][event];
        expect(entry).toBeDefined();
        if (!listed.has(`${state}/${event}`)) expect(entry).toEqual({ action: 'NOOP', next: state });
      }
    }
  });

  it('closes or aborts from every state on a lost transport, and never leaves Sta1 on anything but a connection', () => {
    for (const state of DUL_STATES) expect(transition(state, 'Evt17').next).toBe('Sta1');
    for (const event of DUL_EVENTS.filter((e) => e !== 'Evt5')) expect(transition('Sta1', event).next).toBe('Sta1');
  });

  it.each([
    [1, 'Evt6'],
    [2, 'Evt3'],
    [3, 'Evt4'],
    [4, 'Evt10'],
    [5, 'Evt12'],
    [6, 'Evt13'],
    [7, 'Evt16'],
    [0, 'Evt19'],
    [8, 'Evt19'],
    [0xff, 'Evt19'],
  ])('PDU type %i raises %s', (type, event) => expect(eventForPduType(type)).toBe(event));
});
