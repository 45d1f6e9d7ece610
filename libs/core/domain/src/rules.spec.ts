import { byRunOrder } from './rules';

describe('byRunOrder', () => {
  it('runs lower priorities first and breaks ties by id', () => {
    const rows = [
      { id: 3, priority: 10 },
      { id: 2, priority: 0 },
      { id: 1, priority: 10 },
      { id: 4, priority: -5 },
    ];
    expect([...rows].sort(byRunOrder).map((r) => r.id)).toEqual([4, 2, 1, 3]);
  });
});
