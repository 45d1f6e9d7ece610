import { DestinationLanes, LaneTask } from './destination-lanes';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

function gated(log: string[], name: string): { task: LaneTask; open(): void } {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  return {
    task: {
      run: async () => {
        log.push(`start ${name}`);
        await gate;
        log.push(`end ${name}`);
      },
      cancel: async () => {
        log.push(`cancel ${name}`);
      },
    },
    open: () => open(),
  };
}

describe('DestinationLanes', () => {
  it('counts reserved places as taken: callers that await between the check and the submit cannot overfill it', async () => {
    const lanes = new DestinationLanes(1, 1);
    expect(lanes.reserve(1)).toBe(true);
    expect(lanes.reserve(1)).toBe(true);
    expect(lanes.reserve(1)).toBe(false); // two places: both reserved
    lanes.unreserve(1); // a claim another sender won
    const log: string[] = [];
    const a = gated(log, 'a');
    void lanes.submit(1, a.task); // uses the remaining reservation
    expect(lanes.load(1)).toEqual({ running: 1, waiting: 0 });
    expect(lanes.reserve(1)).toBe(true);
    expect(lanes.hasRoom(1)).toBe(false);
    lanes.unreserve(1);
    a.open();
    await tick();
    expect(lanes.hasRoom(1)).toBe(true);
    expect(log).toEqual(['start a', 'end a']);
  });

  it('bounds each destination on its own: a hanging one does not take the slots of another', async () => {
    const lanes = new DestinationLanes(2, 1);
    const log: string[] = [];
    const hanging = [gated(log, 'a1'), gated(log, 'a2'), gated(log, 'a3')];
    for (const h of hanging) void lanes.submit(1, h.task);
    await tick();
    expect(lanes.load(1)).toEqual({ running: 2, waiting: 1 });
    expect(lanes.hasRoom(1)).toBe(false);
    // destination 2 is served at once, however long destination 1 hangs
    expect(lanes.hasRoom(2)).toBe(true);
    const quick = gated(log, 'b1');
    const done = lanes.submit(2, quick.task);
    await tick();
    quick.open();
    await done;
    expect(log).toEqual(['start a1', 'start a2', 'start b1', 'end b1']);
    hanging[0]?.open();
    await tick();
    expect(log.slice(-2)).toEqual(['end a1', 'start a3']);
    for (const h of hanging) h.open();
  });

  it('tells of room once a refill batch is free, not after every send while work is left', async () => {
    const rooms: number[] = [];
    const lanes = new DestinationLanes(1, 4, (_id, room) => rooms.push(room), 2);
    const tasks = ['t1', 't2', 't3', 't4', 't5'].map((n) => gated([], n));
    for (const t of tasks) void lanes.submit(1, t.task);
    for (const t of tasks) {
      t.open();
      await tick();
    }
    // after t1 only one place is free and a send is still running for the slot: no refill yet
    expect(rooms).toEqual([2, 3, 4, 5]);
  });

  it('drains: waiting tasks are cancelled at once, running ones get until the deadline', async () => {
    const lanes = new DestinationLanes(1, 5);
    const log: string[] = [];
    const slow = gated(log, 's');
    const queued = gated(log, 'q');
    void lanes.submit(1, slow.task);
    const q = lanes.submit(1, queued.task);
    await tick();
    const still = await lanes.drain(Date.now() + 50);
    await q;
    expect(still).toBe(1);
    expect(log).toEqual(['start s', 'cancel q']);
    expect(lanes.hasRoom(1)).toBe(false);
    slow.open();
  });
});
