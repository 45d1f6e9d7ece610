import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IncomingSpoolWriter } from './incoming-writer';

describe('IncomingSpoolWriter', () => {
  let dir: string;
  const calls: string[] = [];
  const held = new Set<string>();
  const gate = {
    hold: (why: string) => {
      if (held.size === 0) calls.push('pause');
      held.add(why);
    },
    release: (why: string) => {
      if (held.delete(why) && held.size === 0) calls.push('resume');
    },
    get holding() {
      return held.size > 0;
    },
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-spool-stream-'));
    calls.length = 0;
    held.clear();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the header, then every slice exactly as given, and is durable when complete resolves', async () => {
    const stream = new IncomingSpoolWriter(join(dir, 'a.part'), { header: Buffer.from('HEADER'), pressure: gate });
    const slices = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1000 + i, i));
    for (const s of slices) stream.append(s);
    await stream.complete();
    expect(readFileSync(join(dir, 'a.part')).equals(Buffer.concat([Buffer.from('HEADER'), ...slices]))).toBe(true);
  });

  it('finishes in two stages: every byte readable when written resolves, durable after; a failed open fails both', async () => {
    const stream = new IncomingSpoolWriter(join(dir, 'b.part'), { header: Buffer.from('H') });
    const slices = Array.from({ length: 20 }, (_, i) => Buffer.alloc(4096, i));
    for (const s of slices) stream.append(s);
    const order: string[] = [];
    const { written, durable } = stream.finish();
    const done = durable.then(() => order.push('durable'));
    await written;
    order.push('written');
    expect(readFileSync(join(dir, 'b.part')).equals(Buffer.concat([Buffer.from('H'), ...slices]))).toBe(true);
    await done;
    expect(order).toEqual(['written', 'durable']);

    const broken = new IncomingSpoolWriter(join(dir, 'no-such-folder', 'c.part'));
    broken.append(Buffer.from('X'));
    const stages = broken.finish();
    await expect(stages.written).rejects.toThrow(/ENOENT/);
    await expect(stages.durable).rejects.toThrow(/ENOENT/);
  });

  it('keeps the slices it wrote for a file within `keep`: the file in memory, in order, taken once; none past the bound', async () => {
    const stream = new IncomingSpoolWriter(join(dir, 'k.part'), { header: Buffer.from('HEAD'), keep: 100_000 });
    const slices = Array.from({ length: 30 }, (_, i) => Buffer.alloc(3000 + i, i));
    for (const s of slices) stream.append(s);
    expect(stream.takeBytes()).toBeNull(); // not every byte is written yet (and the slices are let go)
    const again = new IncomingSpoolWriter(join(dir, 'k2.part'), { header: Buffer.from('HEAD'), keep: 100_000 });
    for (const s of slices) again.append(s);
    const { written, durable } = again.finish();
    await written;
    const kept = again.takeBytes();
    expect(kept).not.toBeNull();
    expect(Buffer.concat(kept as Buffer[]).equals(readFileSync(join(dir, 'k2.part')))).toBe(true);
    expect(again.takeBytes()).toBeNull();
    await durable;
    await stream.complete();

    const big = new IncomingSpoolWriter(join(dir, 'k3.part'), { keep: 10_000 });
    for (let i = 0; i < 3; i++) big.append(Buffer.alloc(4000, i)); // 12,000 bytes: past the bound
    await big.complete();
    expect(big.takeBytes()).toBeNull();
    const none = new IncomingSpoolWriter(join(dir, 'k4.part'));
    none.append(Buffer.from('X'));
    await none.complete();
    expect(none.takeBytes()).toBeNull(); // nothing is kept without the option
  });

  it('pauses the sender while more than the high-water mark waits for the disk, and resumes after', async () => {
    const stream = new IncomingSpoolWriter(join(dir, 'b.part'), { pressure: gate });
    const big = Buffer.alloc(1024 * 1024, 7);
    for (let i = 0; i < 12; i++) stream.append(big);
    expect(calls).toEqual(['pause']);
    expect(gate.holding).toBe(true);
    await stream.complete();
    expect(calls).toEqual(['pause', 'resume']);
    expect(readFileSync(join(dir, 'b.part')).length).toBe(12 * 1024 * 1024);
  });

  it('removes the file of a discarded upload, even with writes in flight', async () => {
    const stream = new IncomingSpoolWriter(join(dir, 'c.part'), { header: Buffer.alloc(10), pressure: gate });
    for (let i = 0; i < 4; i++) stream.append(Buffer.alloc(1024 * 1024));
    const completion = stream.complete();
    const gone = stream.discard();
    await expect(completion).rejects.toThrow();
    await gone; // resolves once the file is removed, no sooner
    expect(existsSync(join(dir, 'c.part'))).toBe(false);
    expect(gate.holding).toBe(false);
  });

  it('settles once the file is closed, finished or discarded: no write can still read the slices then', async () => {
    const done = new IncomingSpoolWriter(join(dir, 'd.part'), { header: Buffer.alloc(10) });
    let settled = false;
    void done.settled().then(() => (settled = true));
    done.append(Buffer.alloc(1024 * 1024));
    expect(settled).toBe(false);
    await done.complete();
    await done.settled();
    expect(done.closed).toBe(true);
    await expect(done.settled()).resolves.toBeUndefined(); // and at once when already closed

    const dropped = new IncomingSpoolWriter(join(dir, 'e.part'), { header: Buffer.alloc(10) });
    for (let i = 0; i < 4; i++) dropped.append(Buffer.alloc(1024 * 1024));
    const whenSettled = dropped.settled();
    void dropped.discard();
    await whenSettled;
    expect(dropped.closed).toBe(true);
  });

  it('is a Writable a stream can be piped into: pipeline resolves once the file is durable', async () => {
    const writer = new IncomingSpoolWriter(join(dir, 'd.part'), { fileMode: 0o640 });
    const parts = Array.from({ length: 20 }, (_, i) => Buffer.alloc(300_000, i));
    await pipeline(Readable.from(parts), writer);
    expect(writer.bytesWritten).toBe(20 * 300_000);
    expect(readFileSync(join(dir, 'd.part')).equals(Buffer.concat(parts))).toBe(true);
    expect(statSync(join(dir, 'd.part')).mode & 0o777).toBe(0o640);
  });

  it('fails the pipeline when the source errs; discard resolves once the file is removed', async () => {
    const writer = new IncomingSpoolWriter(join(dir, 'e.part'));
    const source = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('peer went away'));
      },
    });
    await expect(pipeline(source, writer)).rejects.toThrow('peer went away');
    await writer.discard();
    expect(existsSync(join(dir, 'e.part'))).toBe(false);
  });
});
