import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StorageBackendType } from '@axiom/domain';
import { DeliveryError, Destination, DestinationTarget, OutgoingInstance } from './destination';

const SAFE_UID = /^[0-9.]{1,64}$/;

/** A UID as a path segment; objects without one (seen in the wild) go under `unknown`. */
function uidSegment(uid: string | null, what: string): string {
  if (!uid) return 'unknown';
  if (!SAFE_UID.test(uid)) throw new DeliveryError(`${what} "${uid}" cannot name a file or folder`, true);
  return uid;
}

async function fsync(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** `<path>/<StudyUID>/<SeriesUID>/<SOPUID>.dcm`: temp name, fsync, rename, fsync the folder. */
export class FilesystemDestination implements Destination {
  readonly type = StorageBackendType.Filesystem;

  async send(instance: OutgoingInstance, target: DestinationTarget): Promise<{ detail: string }> {
    const base = target.config['path'];
    if (typeof base !== 'string' || base === '') throw new DeliveryError(`storage backend "${target.name}" has no path`, true);
    const dir = join(resolve(base), uidSegment(instance.studyInstanceUid, 'Study Instance UID'), uidSegment(instance.seriesInstanceUid, 'Series Instance UID'));
    const file = join(dir, `${uidSegment(instance.sopInstanceUid, 'SOP Instance UID')}.dcm`);
    const temp = `${file}.${randomUUID()}.part`;
    try {
      await mkdir(dir, { recursive: true });
      await copyFile(instance.path, temp);
      await fsync(temp);
      await rename(temp, file);
      await fsync(dir);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw new DeliveryError(`cannot write ${file}: ${(err as Error).message}`);
    }
    return { detail: file };
  }
}
