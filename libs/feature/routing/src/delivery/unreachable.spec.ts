import { UNREACHABLE_CLASSES } from '@axiom/domain';
import { DeliveryError, classifyDeliveryError } from '@axiom/destinations';

/** What the delivery service counts toward a destination's breaker: the unreachable error classes. */
const isUnreachable = (err: unknown): boolean => UNREACHABLE_CLASSES.has(classifyDeliveryError(err));

describe('the failures counted toward a breaker', () => {
  it.each([
    'C-STORE to PACS@10.0.0.5:104 failed: cannot connect to PACS@10.0.0.5:104: connect ECONNREFUSED 10.0.0.5:104',
    'C-STORE to PACS failed: connecting to PACS@h:104 timed out after 10000 ms',
    'C-STORE to PACS failed: PACS@h:104 did not answer within 60000 ms',
    'C-STORE to PACS failed: PACS@h:104 aborted the association',
    'cannot write /mnt/nfs/x.dcm: ETIMEDOUT',
    'STOW-RS to https://pacs/ failed: HTTP 503',
  ])('counts "%s"', (message) => {
    expect(isUnreachable(new DeliveryError(message))).toBe(true);
  });

  it.each([
    'PACS refused 1.2.3 with status 0xA900',
    'converting for PACS failed: unsupported transfer syntax',
    'peer busy',
  ])('does not count one instance\'s trouble: "%s"', (message) => {
    expect(isUnreachable(new DeliveryError(message))).toBe(false);
  });

  it('never counts a permanent failure', () => {
    expect(isUnreachable(new DeliveryError('cannot connect: ECONNREFUSED', true))).toBe(false);
  });
});
