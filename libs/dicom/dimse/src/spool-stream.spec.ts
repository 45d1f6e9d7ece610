import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveGate, SpoolStream } from './spool-stream';

describe('SpoolStream', () => {
  let dir: string;
  const calls: string[] = [];
  const gate = new ReceiveGate(() => calls.push('pause'), () => calls.push('resume'));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-spool-stream-'));
    calls.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the header, then every slice exactly as given, and is durable when complete resolves', async () => {
    const stream = new SpoolStream(join(dir, 'a.part'), Buffer.from('HEADER'), gate);
    const slices = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1000 + i, i));
    for (const s of slices) stream.append(s);
    await stream.complete();
    expect(readFileSync(join(dir, 'a.part')).equals(Buffer.concat([Buffer.from('HEADER'), ...slices]))).toBe(true);
  });

  it('pauses the sender while more than the high-water mark waits for the disk, and resumes after', async () => {
    const stream = new SpoolStream(join(dir, 'b.part'), Buffer.alloc(0), gate);
    const big = Buffer.alloc(1024 * 1024, 7);
    for (let i = 0; i < 12; i++) stream.append(big);
    expect(calls).toEqual(['pause']);
    expect(gate.holding).toBe(true);
    await stream.complete();
    expect(calls).toEqual(['pause', 'resume']);
    expect(readFileSync(join(dir, 'b.part')).length).toBe(12 * 1024 * 1024);
  });

  it('removes the file of a discarded upload, even with writes in flight', async () => {
    const stream = new SpoolStream(join(dir, 'c.part'), Buffer.alloc(10), gate);
    for (let i = 0; i < 4; i++) stream.append(Buffer.alloc(1024 * 1024));
    const completion = stream.complete();
    stream.discard();
    await expect(completion).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(dir, 'c.part'))).toBe(false);
    expect(gate.holding).toBe(false);
  });
});
