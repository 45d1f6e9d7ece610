import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { DestinationType } from '@axiom/domain';
import {
  DeliveryError,
  DestinationAdapter,
  Destination,
  FileWriteSettings,
  OutgoingInstance,
  PRIVATE_FILE_MODES,
  ProbeResult,
} from './destination';
import { copyOutgoing } from './outgoing-bytes';
import { resolveInside, uidPathSegment } from './path-safety';

/**
 * Temp files live in one hidden folder at the destination root, with hidden names: watch-folder
 * importers skip dot names, and the start-up clean-up needs to look in one folder, not the tree.
 */
const TEMP_DIR = '.axiom-tmp';
const TEMP_NAME = /^\.(.+)_(\d+)_[0-9a-f-]{36}\.part$/;
/** A temp this old belongs to no live copy, whoever wrote it. */
const ORPHAN_TEMP_MS = 24 * 3600_000;

/** fsync by path. */
async function fsync(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Errors of link(2) that mean "not here" (another file system, or one without hard links): copy instead. */
const NO_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

/** Folders this process made or found (bounded): a study's files do not each pay two mkdir calls. */
const KNOWN_DIRS_MAX = 10_000;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function basePath(target: Destination): string {
  const base = target.config['path'];
  if (typeof base !== 'string' || base === '')
    throw new DeliveryError(`storage backend "${target.name}" has no path`, true);
  return resolve(base);
}

/**
 * `<path>/<StudyUID>/<SeriesUID>/<SOPUID>.dcm`: hidden temp, fsync, rename, fsync the folder.
 *
 * The file sent is a durable spool file the router never writes again, so on the spool's own file
 * system the temp is a hard link to it (its bytes are already on disk: no copy, no second data
 * fsync); on another file system, or one without hard links, a copy that is fsynced.
 */
export class FilesystemAdapter implements DestinationAdapter {
  readonly type = DestinationType.Filesystem;
  private readonly host = hostname().replace(/[^A-Za-z0-9-]/g, '-');

  private readonly knownDirs = new Set<string>();
  /** Destination roots where link(2) from the spool failed (another file system): copied from then on. */
  private readonly copyOnly = new Set<string>();

  constructor(private readonly files: FileWriteSettings = PRIVATE_FILE_MODES) {}

  private async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true, mode: this.files.dirMode });
    if (this.knownDirs.size >= KNOWN_DIRS_MAX) this.knownDirs.clear();
    this.knownDirs.add(dir);
  }

  async send(instance: OutgoingInstance, target: Destination): Promise<{ detail: string }> {
    const root = basePath(target);
    const study = uidPathSegment(instance.studyInstanceUid);
    const series = uidPathSegment(instance.seriesInstanceUid);
    const dir = resolveInside(root, study, series);
    const file = resolveInside(root, study, series, `${uidPathSegment(instance.sopInstanceUid)}.dcm`);
    const tempDir = resolveInside(root, TEMP_DIR);
    const temp = join(tempDir, `.${this.host}_${process.pid}_${randomUUID()}.part`);
    const write = async (): Promise<void> => {
      await this.ensureDir(tempDir);
      await this.ensureDir(dir);
      // a spliced output has no file to link: its head and the rest of the received file are copied
      if (instance.splice || !(await this.linked(instance.path, temp, root)))
        await copyOutgoing(instance, temp, this.files.fileMode);
      await rename(temp, file);
      await fsync(dir);
    };
    try {
      await write().catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT' || !(await exists(instance.path))) throw err;
        // a folder this process saw was removed since (a watch folder emptied): make them again, once
        this.knownDirs.clear();
        await write();
      });
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      this.knownDirs.clear();
      // classed by its errno: EACCES or ENOSPC is local trouble, ETIMEDOUT of a network share is unreachable
      throw new DeliveryError(`cannot write ${file}: ${(err as Error).message}`);
    }
    return { detail: file };
  }

  /**
   * Hard-links `from` at `temp` unless this root cannot take links from it; false: copy instead.
   * A source whose permissions are not this destination's is copied too (a link shares them, and
   * the spool's file keeps its own).
   */
  private async linked(from: string, temp: string, root: string): Promise<boolean> {
    if (this.copyOnly.has(root)) return false;
    try {
      await link(from, temp);
    } catch (err) {
      if (!NO_LINK.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      this.copyOnly.add(root);
      return false;
    }
    if (((await stat(temp)).mode & 0o7777) === this.files.fileMode) return true;
    await unlink(temp);
    return false;
  }

  /** The folder exists (or can be made) and takes a file: a temp is written, synced and removed. */
  async probe(target: Destination): Promise<ProbeResult> {
    let root: string;
    try {
      root = basePath(target);
    } catch (err) {
      return { ok: false, step: 'config', message: (err as Error).message };
    }
    const tempDir = resolveInside(root, TEMP_DIR);
    const temp = join(tempDir, `.${this.host}_${process.pid}_${randomUUID()}.part`);
    try {
      await mkdir(tempDir, { recursive: true, mode: this.files.dirMode });
    } catch (err) {
      return { ok: false, step: 'mkdir', message: `cannot create ${root}: ${(err as Error).message}` };
    }
    try {
      await writeFile(temp, 'axiom-flow write test', { mode: this.files.fileMode });
      await fsync(temp);
    } catch (err) {
      return { ok: false, step: 'write', message: `${root} is not writable: ${(err as Error).message}` };
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    return { ok: true, step: 'write', message: `${root} is writable` };
  }

  /** Temps of this host's dead processes (a kill during a copy), and any temp a day old. */
  async cleanUp(target: Destination): Promise<number> {
    const tempDir = join(basePath(target), TEMP_DIR);
    const names = await readdir(tempDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const m = TEMP_NAME.exec(name);
      if (!m) continue;
      const path = join(tempDir, name);
      const mine = m[1] === this.host;
      const deadWriter = mine && Number(m[2]) !== process.pid && !isAlive(Number(m[2]));
      const old = await stat(path).then(
        (s) => Date.now() - s.mtimeMs > ORPHAN_TEMP_MS,
        () => false,
      );
      if (deadWriter || old) {
        await unlink(path).then(
          () => removed++,
          () => undefined,
        );
      }
    }
    return removed;
  }
}
