import { backoffMs } from './delivery.service';

describe('backoffMs', () => {
  it.each([1, 2, 3, 5, 8, 20])('attempt %i waits between half and all of min(max, base * 2^(n-1))', (attempt) => {
    const ceiling = Math.min(60_000, 1000 * 2 ** (attempt - 1));
    for (let i = 0; i < 200; i++) {
      const v = backoffMs(attempt, 1000, 60_000);
      expect(v).toBeGreaterThanOrEqual(ceiling / 2);
      expect(v).toBeLessThanOrEqual(ceiling);
    }
  });
});
