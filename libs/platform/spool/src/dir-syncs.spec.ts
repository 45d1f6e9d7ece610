import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirSyncs } from './dir-syncs';

describe('DirSyncs: shared folder fsyncs through a kept descriptor', () => {
  let root: string;
  let opened: string[];
  let syncs: number;
  let syncer: DirSyncs;
  const counting = async (dir: string): Promise<FileHandle> => {
    opened.push(dir);
    const handle = await open(dir, 'r');
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      syncs++;
      await new Promise((r) => setTimeout(r, 5)); // a sync that takes a moment, as on a disk
      return sync();
    };
    return handle;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'axiom-dirsyncs-'));
    opened = [];
    syncs = 0;
    syncer = new DirSyncs(counting);
  });
  afterEach(async () => {
    await syncer.close();
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('opens a folder once for many syncs, and renames that meet a running sync share the next one', async () => {
    const day = join(root, 'day');
    mkdirSync(day);
    for (let i = 0; i < 3; i++) await syncer.sync(day);
    expect(opened).toEqual([day]);
    expect(syncs).toBe(3);
    syncs = 0;
    await Promise.all(Array.from({ length: 10 }, () => syncer.sync(day)));
    expect(syncs).toBe(2); // the one running, and one after it for everything that came meanwhile
  });

  it('reopens after forget (the folder was made again) and moves on to the next folder', async () => {
    const day = join(root, 'day');
    mkdirSync(day);
    await syncer.sync(day);
    rmSync(day, { recursive: true });
    mkdirSync(day);
    syncer.forget(day);
    await syncer.sync(day);
    const next = join(root, 'next');
    mkdirSync(next);
    await syncer.sync(next);
    expect(opened).toEqual([day, day, next]);
  });

  it('drops a descriptor whose folder was replaced behind its back, found by the background check', async () => {
    const day = join(root, 'day');
    mkdirSync(day);
    await syncer.sync(day);
    renameSync(day, join(root, 'old'));
    mkdirSync(day);
    const t = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(t + 5000);
    await syncer.sync(day); // still the old descriptor; the check runs meanwhile
    await new Promise((r) => setTimeout(r, 50));
    await syncer.sync(day);
    expect(opened).toEqual([day, day]);
  });

  it('fails a sync of a folder that is gone, and opens it again once it is back', async () => {
    const gone = join(root, 'gone');
    await expect(syncer.sync(gone)).rejects.toThrow(/ENOENT/);
    mkdirSync(gone);
    await syncer.sync(gone);
    expect(opened).toEqual([gone, gone]);
  });
});
