import { mkdtempSync, readFileSync, rmSync, existsSync, createWriteStream, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RetrieveResult } from '@axiom/dicom-dimse';
import type { IncomingFile, IngestSink } from '../source-driver';
import { describeRetrieval, incomingFilesOf, retrievalReport } from './qr-retrieval';

const result = (
  status: number,
  completed: number | null,
  failed: number | null,
  warning: number | null,
  errorComment: string | null = null,
): RetrieveResult => ({
  status,
  counts: { remaining: 0, completed, failed, warning },
  errorComment,
  messageId: 1,
  stored: [],
  failed: [],
});
const peer = 'ORTHANC@127.0.0.1:4242';

describe('the outcome of a C-MOVE or C-GET on the source row', () => {
  it('is a success only when every sub-operation completed and something arrived', () => {
    expect(
      retrievalReport({ operation: 'C-MOVE', result: result(0, 3, 0, 0), processed: 3, peer, destination: 'AXIOM' }),
    ).toEqual({ processed: 3, error: null });
    expect(
      retrievalReport({ operation: 'C-MOVE', result: result(0, 0, 0, 0), processed: 0, peer, destination: 'AXIOM' })
        .error,
    ).toBe(
      'C-MOVE from ORTHANC@127.0.0.1:4242 to AXIOM: status 0x0000 (success); sub-operations completed 0, failed 0, warning 0; no instance arrived',
    );
  });

  it('names the status, its meaning, the comment and the counts of a failure or a warning', () => {
    expect(
      describeRetrieval({
        operation: 'C-MOVE',
        result: result(0xa801, null, null, null, 'who is NOBODY'),
        peer,
        destination: 'NOBODY',
      }),
    ).toBe(
      'C-MOVE from ORTHANC@127.0.0.1:4242 to NOBODY: status 0xA801 (refused: move destination unknown: who is NOBODY); sub-operations completed ?, failed ?, warning ?',
    );
    const partial = retrievalReport({ operation: 'C-GET', result: result(0xb000, 2, 1, 0), processed: 2, peer });
    expect(partial).toEqual({
      processed: 2,
      error:
        'C-GET from ORTHANC@127.0.0.1:4242: status 0xB000 (sub-operations complete, one or more failures or warnings); sub-operations completed 2, failed 1, warning 0',
    });
  });
});

describe('incomingFilesOf', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-qr-incoming-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function sink(): IngestSink {
    let n = 0;
    return {
      createIncoming(): IncomingFile {
        const path = join(dir, `${n++}.part`);
        const stream = createWriteStream(path, { highWaterMark: 4 });
        return Object.assign(stream, {
          path,
          discard: () => {
            stream.destroy();
            if (existsSync(path)) unlinkSync(path);
          },
        }) as unknown as IncomingFile;
      },
      ingest: () => Promise.reject(new Error('not used')),
    };
  }

  it('writes the header and the pieces in order, holds the pressure while the file lags, and completes', async () => {
    const held: string[] = [];
    const pressure = { hold: (r: string) => held.push(`hold ${r}`), release: (r: string) => held.push(`release ${r}`) };
    const file = incomingFilesOf(sink()).open(Buffer.from('HEAD'), pressure);
    file.append(Buffer.from('-one'));
    file.append(Buffer.from('-two'));
    await file.complete();
    expect(readFileSync(file.path, 'latin1')).toBe('HEAD-one-two');
    expect(held.some((h) => h.startsWith('hold'))).toBe(true);
    expect(held.at(-1)).toMatch(/^release/);
  });

  it('removes a discarded file', async () => {
    const file = incomingFilesOf(sink()).open(Buffer.from('HEAD'), { hold: () => undefined, release: () => undefined });
    await new Promise((r) => setTimeout(r, 20));
    file.discard();
    await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(file.path)).toBe(false);
  });
});
