import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ApiException } from '@axiom/contracts';
import type { IngestService } from '@axiom/feature-ingest';
import { loadConfig } from '@axiom/platform-config';
import { SpoolService } from '@axiom/spool';
import { StowService } from './stow.service';

/** A spool whose free-space check answers only when the test lets it. */
class GatedSpool extends SpoolService {
  release: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));
  override async ensureSpace(): Promise<void> {
    await this.gate;
    return super.ensureSpace();
  }
}

describe('StowService, a body that breaks while a part waits for the free-space check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-stow-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers 400 (not a hang) when the body ended inside that part before its handler piped it', async () => {
    const config = loadConfig({ AXIOM_DATA_DIR: dir });
    const spool = new GatedSpool(config);
    await spool.init();
    const ingest = {} as IngestService; // never reached: no part is complete
    const service = new StowService(ingest, spool, config);
    // one part's headers and a few bytes of its body, then the end: no closing boundary
    const body = Readable.from([Buffer.from('--b\r\nContent-Type: application/dicom\r\n\r\nDICM-partial')]);
    const answer = service.store({
      body,
      contentType: 'multipart/related; type="application/dicom"; boundary=b',
      peerAddress: null,
    });
    // the whole body was read: the reader fails the part (its body destroyed, 'close' emitted on the
    // next tick) while the handler still waits; only then does the check answer
    await once(body, 'end');
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    spool.release();
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      answer.then(
        () => 'answered',
        (err: unknown) => err,
      ),
      new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), 5_000))),
    ]);
    clearTimeout(timer);
    expect(settled).toBeInstanceOf(ApiException);
    expect((settled as ApiException).getStatus()).toBe(400);
    expect((settled as ApiException).detail).toMatch(/not a valid multipart body: the body ended in a part/);
    expect(readdirSync(spool.incomingDir)).toEqual([]); // the partial file was discarded
  });
});
