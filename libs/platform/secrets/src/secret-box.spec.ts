import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  it('round-trips, never shows the plaintext, and detects tampering and wrong keys', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.sealJson({ password: 'hunter2' });
    expect(sealed).not.toContain('hunter2');
    expect(box.openJson(sealed)).toEqual({ password: 'hunter2' });
    expect(box.seal('x')).not.toBe(box.seal('x'));
    const parts = sealed.split(':');
    const flipped = [...parts.slice(0, 3), Buffer.from('tampered').toString('base64')].join(':');
    expect(() => box.open(flipped)).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });
});
