import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomFile } from '@axiom/dicom-io';
import {
  allUnFile,
  deflateBomb,
  legacyContentSequence,
  listSampleFiles,
  readSampleFile,
} from '@axiom/dicom-io/testing';
import { SourceType } from '@axiom/domain';
import type { LedgerRepository, ReceivedInstance } from '@axiom/persistence';
import type { MessagePublisher } from '@axiom/messaging';
import type { AppConfig } from '@axiom/platform-config';
import { SpoolHeaders, SpoolSpace, type SpoolService } from '@axiom/spool';
import { IngestService } from './ingest.service';

const MiB = 1024 * 1024;

/** Ingest with in-memory stand-ins for the ledger, the spool and the broker: what it decides is under test. */
function setup(limits: AppConfig['limits'], freeBytes = () => 10 * 1024 * MiB) {
  const inserted: ReceivedInstance[] = [];
  const quarantined: string[] = [];
  const removed: string[] = [];
  const space = new SpoolSpace('/spool', 1024 * MiB, async () => freeBytes());
  const ledger = {
    recordReceived: async (row: ReceivedInstance) => {
      inserted.push(row);
      return inserted.length;
    },
    discardUnacknowledged: async () => undefined,
  } as unknown as LedgerRepository;
  const spool = {
    quarantine: async (_path: string, reason: string) => {
      quarantined.push(reason);
    },
    writeDurably: async (path: string, bytes: Buffer) => writeFileSync(path, bytes),
    commit: async (path: string) => ({ path, durable: Promise.resolve() }),
    remove: async (path: string) => {
      removed.push(path);
    },
    ensureSpace: () => space.ensure(),
  } as unknown as SpoolService;
  const publisher = { publish: async () => undefined } as unknown as MessagePublisher;
  const headers = new SpoolHeaders();
  const service = new IngestService(ledger, spool, headers, publisher, { limits } as AppConfig);
  return { service, inserted, quarantined, removed, headers };
}

describe('IngestService', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-ingest-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const upload = (name: string, bytes: Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const request = (tempPath: string, announced?: { sopClassUid?: string; sopInstanceUid?: string }) => ({
    tempPath,
    sourceType: SourceType.DimseListener,
    sourceName: 'test',
    callingAeTitle: 'SCU',
    announced,
  });

  it('refuses a deflate bomb beyond the configured inflated size, with the reason, and quarantines it', async () => {
    const { service, inserted, quarantined } = setup({ maxObjectBytes: 4 * 1024 * MiB, maxInflatedBytes: MiB });
    const outcome = await service.ingest(request(upload('bomb.dcm', await deflateBomb(8 * MiB))));
    expect(outcome).toEqual(
      expect.objectContaining({
        ok: false,
        kind: 'invalid',
        reason: expect.stringMatching(/^object too large: .*AXIOM_MAX_INFLATED_BYTES/),
      }),
    );
    expect(inserted).toHaveLength(0);
    expect(quarantined).toHaveLength(1);
  });

  it('refuses an object larger than the configured maximum object size', async () => {
    const { service, inserted } = setup({ maxObjectBytes: 10_000, maxInflatedBytes: 512 * MiB });
    const outcome = await service.ingest(request(upload('big.dcm', readSampleFile('ct-explicit-le.dcm'))));
    const small = await service.ingest(request(upload('small.dcm', await deflateBomb(16))));
    expect(outcome).toEqual(
      expect.objectContaining({ ok: false, kind: 'invalid', reason: expect.stringMatching(/AXIOM_MAX_OBJECT_BYTES/) }),
    );
    expect(small).toEqual(expect.objectContaining({ ok: true }));
    expect(inserted).toHaveLength(1);
  });

  it('below the spool floor refuses as unavailable with the reason, keeps nothing, and takes instances again once space returns', async () => {
    let free = 100 * MiB;
    const { service, inserted, quarantined, removed } = setup(
      { maxObjectBytes: 4 * 1024 * MiB, maxInflatedBytes: 512 * MiB },
      () => free,
    );
    const full = upload('full.dcm', readSampleFile('ct-explicit-le.dcm'));
    const refused = await service.ingest(request(full));
    expect(refused).toEqual(
      expect.objectContaining({
        ok: false,
        kind: 'unavailable',
        reason: expect.stringMatching(/^spool full: 100 MB free, below the floor of 1024 MB \(SPOOL_MIN_FREE_MB\)/),
      }),
    );
    expect({ inserted: inserted.length, quarantined: quarantined.length, removed }).toEqual({
      inserted: 0,
      quarantined: 0,
      removed: [full],
    });
    free = 2048 * MiB;
    await new Promise((r) => setTimeout(r, 300)); // the floor's last look is trusted for 250 ms
    expect(await service.ingest(request(upload('again.dcm', readSampleFile('ct-explicit-le.dcm'))))).toEqual(
      expect.objectContaining({ ok: true }),
    );
    expect(inserted).toHaveLength(1);
  });

  it('records the UIDs of a data set sent all as UN, not those the sender announced', async () => {
    const { service, inserted } = setup({ maxObjectBytes: 4 * 1024 * MiB, maxInflatedBytes: 512 * MiB });
    const { file, original } = allUnFile('ct-explicit-le.dcm');
    const id = original.identity();
    const outcome = await service.ingest(
      request(upload('un.dcm', file), { sopClassUid: id.sopClassUid, sopInstanceUid: '31' }),
    );
    expect(outcome).toEqual(expect.objectContaining({ ok: true, sopInstanceUid: id.sopInstanceUid }));
    expect(inserted[0]).toEqual(
      expect.objectContaining({
        sopInstanceUid: id.sopInstanceUid,
        studyInstanceUid: id.studyInstanceUid,
        seriesInstanceUid: id.seriesInstanceUid,
      }),
    );
    expect(id.studyInstanceUid).toBeTruthy();
  });

  it('accepts a sequence written with a legacy VR and passes the warning on', async () => {
    const { service, inserted } = setup({ maxObjectBytes: 4 * 1024 * MiB, maxInflatedBytes: 512 * MiB });
    const { bytes } = legacyContentSequence('sr-basic-text-undefined-length.dcm', 'long');
    const path = upload('legacy.dcm', bytes);
    const outcome = await service.ingest(request(path));
    expect(outcome).toEqual(
      expect.objectContaining({
        ok: true,
        warnings: expect.arrayContaining([expect.stringMatching(/\(0040,A730\).*legacy/)]),
      }),
    );
    expect(inserted).toHaveLength(1);
    expect(DicomFile.parse(bytes).element(0x0040a730)?.items?.length).toBeGreaterThan(0);
  });

  it('checks bytes still in memory exactly as the file: every sample gets the same outcome and facts from slices as from the file', async () => {
    const limits = { maxObjectBytes: 4 * 1024 * MiB, maxInflatedBytes: 512 * MiB };
    const names = [...listSampleFiles(), ...listSampleFiles('invalid').map((n) => `invalid/${n}`)];
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) {
      const bytes = readSampleFile(name);
      const fromFile = setup(limits);
      const fromMemory = setup(limits);
      // each its own temp file: a rewrite of the file meta replaces it
      const path = upload(`memory-${name.replace('/', '-')}`, bytes);
      const expected = await fromFile.service.ingest(request(upload(`file-${name.replace('/', '-')}`, bytes)));
      // slices as a socket gives them: uneven, one of them empty
      const slices = [bytes.subarray(0, 7), bytes.subarray(7, 7), bytes.subarray(7, 1000), bytes.subarray(1000)];
      const outcome = await fromMemory.service.ingest({ ...request(path), bytes: slices });
      expect({ name, outcome }).toEqual({
        name,
        outcome: expected.ok ? { ...expected, instanceId: expect.any(Number) } : expected,
      });
      const withoutPath = (rows: ReceivedInstance[]) => rows.map((r) => ({ ...r, spoolPath: '' }));
      expect({ name, rows: withoutPath(fromMemory.inserted) }).toEqual({ name, rows: withoutPath(fromFile.inserted) });
      expect({ name, quarantined: fromMemory.quarantined }).toEqual({ name, quarantined: fromFile.quarantined });
    }
  });

  it('holds the checked header for routing in this process: the file start, read by rules as a header read from the file', async () => {
    const limits = { maxObjectBytes: 4 * 1024 * MiB, maxInflatedBytes: 512 * MiB };
    const tagsOf = (file: DicomFile) => file.elements.map((el) => el.tag);
    let compared = 0;
    for (const name of listSampleFiles()) {
      const bytes = readSampleFile(name);
      const { service, headers, inserted } = setup(limits);
      headers.accept();
      const path = upload(`held-${name}`, bytes);
      const outcome = await service.ingest({ ...request(path), bytes: [bytes] });
      if (!outcome.ok) continue; // a sample ingest refuses (none today) is not routed
      // the row's size is the spool file's, also when ingest rewrote its file meta
      expect({ name, size: inserted[0]?.sizeBytes }).toEqual({ name, size: statSync(path).size });
      const meta = DicomFile.parse(bytes, { headerOnly: true }).layout.meta;
      const held = headers.take(path);
      if (
        meta.mediaStorageSopInstanceUid !== outcome.sopInstanceUid ||
        meta.mediaStorageSopClassUid !== outcome.sopClassUid
      ) {
        expect({ name, held }).toEqual({ name, held: undefined }); // the file meta was rewritten: routing reads the file
        continue;
      }
      expect({ name, held: held !== undefined }).toEqual({ name, held: true });
      expect(bytes.subarray(0, (held as Buffer).length).equals(held as Buffer)).toBe(true);
      const fromHeld = DicomFile.parse(held as Buffer, { headerOnly: true });
      const fromFile = await DicomFile.readHeader(path);
      expect({
        name,
        identity: fromHeld.identity(),
        tags: tagsOf(fromHeld),
        syntax: fromHeld.transferSyntaxUid,
      }).toEqual({
        name,
        identity: fromFile.identity(),
        tags: tagsOf(fromFile),
        syntax: fromFile.transferSyntaxUid,
      });
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });
});
