import type { MoveSourceIdentity } from '@axiom/persistence';
import { attributeMoveArrival } from './move-attribution';

describe('attributeMoveArrival', () => {
  const sources: MoveSourceIdentity[] = [
    { name: 'old-pacs', localAeTitle: 'AXIOM_QR_SCU', remoteAeTitle: 'OLDPACS', moveDestinationAeTitle: 'AXIOM' },
    { name: 'other-pacs', localAeTitle: 'AXIOM_QR_SCU', remoteAeTitle: 'OTHER', moveDestinationAeTitle: 'AXIOM' },
    { name: 'lab', localAeTitle: 'AXIOM_LAB', remoteAeTitle: 'LABPACS', moveDestinationAeTitle: 'AXIOM_LAB_IN' },
  ];
  const arrival = (originator: string | null, calling: string, called: string) => ({
    moveOriginator: originator === null ? undefined : { aeTitle: originator, messageId: 7 },
    association: { callingAeTitle: calling, calledAeTitle: called },
  });

  it('names the source whose local AE, remote AE and move destination all match', () => {
    expect(attributeMoveArrival(arrival('AXIOM_QR_SCU', 'OLDPACS', 'AXIOM'), sources)).toBe('old-pacs');
    expect(attributeMoveArrival(arrival('AXIOM_QR_SCU', 'OTHER', 'AXIOM'), sources)).toBe('other-pacs');
    expect(attributeMoveArrival(arrival(' AXIOM_LAB ', 'LABPACS', 'AXIOM_LAB_IN'), sources)).toBe('lab');
  });

  it('accepts another sending AE only when a single source fits otherwise', () => {
    expect(attributeMoveArrival(arrival('AXIOM_LAB', 'LAB_STORE_SCU', 'AXIOM_LAB_IN'), sources)).toBe('lab');
    expect(attributeMoveArrival(arrival('AXIOM_QR_SCU', 'SOMEONE', 'AXIOM'), sources)).toBeNull();
  });

  it('leaves plain C-STOREs and foreign moves to the listener', () => {
    expect(attributeMoveArrival(arrival(null, 'OLDPACS', 'AXIOM'), sources)).toBeNull();
    expect(attributeMoveArrival(arrival('SOMEONE_ELSE', 'OLDPACS', 'AXIOM'), sources)).toBeNull();
    expect(attributeMoveArrival(arrival('AXIOM_QR_SCU', 'OLDPACS', 'AXIOM_LAB_IN'), sources)).toBeNull();
  });
});
