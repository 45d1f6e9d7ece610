import { DeliveryErrorClass } from '@axiom/domain';
import { classifyDeliveryError, httpErrorClass } from './delivery-error-class';
import { DeliveryError } from './destination';

describe('classifyDeliveryError', () => {
  it.each([
    [
      'C-STORE to PACS@h:104 failed: cannot connect to PACS@h:104: connect ECONNREFUSED 10.0.0.5:104',
      DeliveryErrorClass.ConnectionRefused,
    ],
    [
      'C-STORE to PACS failed: association rejected (permanent, called AE title not recognized)',
      DeliveryErrorClass.ConnectionRefused,
    ],
    ['C-STORE to PACS failed: connecting to PACS@h:104 timed out after 10000 ms', DeliveryErrorClass.Timeout],
    ['C-STORE to PACS failed: PACS@h:104 did not answer within 60000 ms', DeliveryErrorClass.Timeout],
    ['cannot write /mnt/share/x.dcm: ETIMEDOUT', DeliveryErrorClass.Timeout],
    ['C-STORE to PACS failed: PACS@h:104 aborted the association', DeliveryErrorClass.Unreachable],
    ['STOW-RS to https://pacs/ failed: HTTP 503', DeliveryErrorClass.Unreachable],
    ['cannot write /data/out/x.dcm: EACCES: permission denied', DeliveryErrorClass.Io],
    ['peer busy', DeliveryErrorClass.Other],
  ])('"%s" is %s', (message, cls) => {
    expect(classifyDeliveryError(new DeliveryError(message))).toBe(cls);
  });

  it('takes the class an adapter gave, and classes a permanent refusal without one as permanent', () => {
    expect(classifyDeliveryError(new DeliveryError('PACS answered 0xA900', false, DeliveryErrorClass.PeerStatus))).toBe(
      DeliveryErrorClass.PeerStatus,
    );
    expect(classifyDeliveryError(new DeliveryError('storage backend "x" lacks host, port or AE title', true))).toBe(
      DeliveryErrorClass.Permanent,
    );
    expect(classifyDeliveryError(new DeliveryError('cannot connect: ECONNREFUSED', true))).toBe(
      DeliveryErrorClass.Permanent,
    );
    expect(classifyDeliveryError(Object.assign(new Error('read failed'), { code: 'ENOENT' }))).toBe(
      DeliveryErrorClass.Io,
    );
  });

  it("classes HTTP answers: 408/504 time out, 502/503 say the service is down, others are the peer's answer", () => {
    expect([408, 504, 502, 503, 500, 429, 400].map(httpErrorClass)).toEqual([
      DeliveryErrorClass.Timeout,
      DeliveryErrorClass.Timeout,
      DeliveryErrorClass.Unreachable,
      DeliveryErrorClass.Unreachable,
      DeliveryErrorClass.PeerStatus,
      DeliveryErrorClass.PeerStatus,
      DeliveryErrorClass.PeerStatus,
    ]);
  });
});
