import { DeliveryErrorClass, REFUSAL_ANSWERS, RefusalCode, UNREACHABLE_CLASSES } from './errors';

describe('errors as data', () => {
  it('gives every refusal code a DIMSE status (the STOW-RS FailureReason too) and an HTTP status', () => {
    expect(Object.keys(REFUSAL_ANSWERS).sort()).toEqual(Object.values(RefusalCode).sort());
    expect(REFUSAL_ANSWERS[RefusalCode.Invalid]).toEqual({ dimseStatus: 0xc000, httpStatus: 409, transient: false });
    expect(REFUSAL_ANSWERS[RefusalCode.Mismatch].dimseStatus).toBe(0xa900);
    // a passing outage: out of resources on both protocols, 503 over HTTP
    for (const code of [RefusalCode.Unavailable, RefusalCode.SpoolFull, RefusalCode.SpoolWrite]) {
      expect(REFUSAL_ANSWERS[code]).toEqual({ dimseStatus: 0xa700, httpStatus: 503, transient: true });
    }
    expect(REFUSAL_ANSWERS[RefusalCode.PartType].httpStatus).toBe(415);
  });

  it('counts only connection failures toward a circuit breaker', () => {
    expect([...UNREACHABLE_CLASSES].sort()).toEqual(
      [DeliveryErrorClass.ConnectionRefused, DeliveryErrorClass.Timeout, DeliveryErrorClass.Unreachable].sort(),
    );
    expect(UNREACHABLE_CLASSES.has(DeliveryErrorClass.PeerStatus)).toBe(false);
  });
});
