import { SpoolFullError, SpoolSpace } from './spool-space';

const MiB = 1024 * 1024;

describe('SpoolSpace (the free-space floor)', () => {
  it('refuses below the floor with the figures, trusts one look for a quarter second, then looks again', async () => {
    let free = 10 * MiB;
    let looks = 0;
    const space = new SpoolSpace('/spool', 64 * MiB, async () => {
      looks++;
      return free;
    });
    await expect(space.ensure()).rejects.toThrow(new SpoolFullError(10 * MiB, 64 * MiB));
    await expect(space.ensure()).rejects.toThrow(
      /spool full: 10 MB free, below the floor of 64 MB \(SPOOL_MIN_FREE_MB\)/,
    );
    expect(looks).toBe(1);
    free = 100 * MiB;
    await new Promise((r) => setTimeout(r, 300));
    await expect(space.ensure()).resolves.toBeUndefined();
    expect(looks).toBe(2);
  });

  it('a failed look is not remembered, and a floor of 0 never looks', async () => {
    let fail = true;
    const space = new SpoolSpace('/spool', MiB, async () => {
      if (fail) throw new Error('ENOENT');
      return 2 * MiB;
    });
    await expect(space.check()).rejects.toThrow('ENOENT');
    fail = false;
    await expect(space.check()).resolves.toEqual({ ok: true, freeBytes: 2 * MiB, floorBytes: MiB });
    const off = new SpoolSpace('/spool', 0, async () => {
      throw new Error('must not look');
    });
    await expect(off.ensure()).resolves.toBeUndefined();
  });
});
