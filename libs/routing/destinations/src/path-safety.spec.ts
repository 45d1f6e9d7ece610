import { join } from 'node:path';
import { DeliveryError } from './destination';
import { isDicomUid, resolveInside, uidPathSegment } from './path-safety';

describe('isDicomUid (PS3.5 9.1)', () => {
  it.each(['0', '1.2.840.10008.1.2', '2.25.0', '1.0.3', `1.${'2'.repeat(62)}`])('accepts %s', (uid) =>
    expect(isDicomUid(uid)).toBe(true),
  );
  it.each(['', '.', '..', '1..2', '.1', '1.', '01.2', '1.02', '1.2a', '1/2', `1.${'2'.repeat(63)}`, '1.2 '])(
    'refuses "%s"',
    (uid) => expect(isDicomUid(uid)).toBe(false),
  );
});

describe('uidPathSegment', () => {
  it('keeps a UID, files a missing one under "unknown" and anything else under a stable hashed name', () => {
    expect(uidPathSegment('1.2.3')).toBe('1.2.3');
    expect(uidPathSegment(null)).toBe('unknown');
    expect(uidPathSegment('')).toBe('unknown');
    expect(uidPathSegment('..')).toMatch(/^invalid-[0-9a-f]{16}$/);
    expect(uidPathSegment('..')).toBe(uidPathSegment('..'));
    expect(uidPathSegment('..')).not.toBe(uidPathSegment('.'));
  });
});

describe('resolveInside', () => {
  it('returns paths strictly under the root and refuses the root itself and anything outside, permanently', () => {
    expect(resolveInside('/data/out', 'a', 'b.dcm')).toBe(join('/data/out', 'a', 'b.dcm'));
    expect(resolveInside('/data/out/', './a/../b')).toBe('/data/out/b');
    for (const escape of [['..'], ['a', '..', '..', 'x'], ['/etc/passwd'], ['.'], ['..', 'out-sibling']]) {
      const err = (() => {
        try {
          resolveInside('/data/out', ...escape);
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(DeliveryError);
      expect((err as DeliveryError).permanent).toBe(true);
    }
    expect(resolveInside('/data/out', '..a')).toBe('/data/out/..a');
  });
});
