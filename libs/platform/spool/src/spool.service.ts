import { randomUUID } from 'node:crypto';
import { access, chmod, copyFile, link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';
import { DirSyncs } from './dir-syncs';
import { IncomingSpoolWriter, SpoolPressure } from './incoming-writer';
import { SpoolSpace } from './spool-space';

/**
 * The spool: durable files under DICOM_STORAGE_PATH. A file enters by rename from `incoming/`
 * (where network layers write, fsynced), and the directory is fsynced so the rename survives a
 * crash too. Everything here is patient data: folders and files are created private
 * (AXIOM_DIR_MODE / AXIOM_FILE_MODE, 0700 / 0600 by default).
 */
@Injectable()
export class SpoolService implements OnModuleDestroy {
  /** The day folder made last: made once a day, not once per instance. */
  private lastDayDir: string | null = null;
  private readonly dirSyncs = new DirSyncs();

  /** The free-space floor (SPOOL_MIN_FREE_MB) of the spool's file system. */
  readonly space: SpoolSpace;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.space = new SpoolSpace(config.spoolPath, config.spoolMinFreeMb * 1024 ** 2);
  }

  /**
   * Throws SpoolFullError while the spool's file system has less free space than its floor:
   * every intake (C-STORE, STOW-RS, retrievals) asks before it keeps anything.
   */
  ensureSpace(): Promise<void> {
    return this.space.ensure();
  }

  get incomingDir(): string {
    return join(this.config.spoolPath, 'incoming');
  }

  get outputsDir(): string {
    return join(this.config.spoolPath, 'outputs');
  }

  get rejectedDir(): string {
    return join(this.config.errorPath, 'rejected');
  }

  async onModuleDestroy(): Promise<void> {
    await this.dirSyncs.close();
  }

  async init(): Promise<void> {
    await this.mkdirPrivate(this.config.spoolPath);
    await this.mkdirPrivate(this.incomingDir);
    await this.mkdirPrivate(this.outputsDir);
    await this.mkdirPrivate(this.config.errorPath);
  }

  /**
   * A new file in `incoming/`: the one way bytes from the network (C-STORE, STOW-RS, WADO-RS,
   * C-GET) reach the spool. Hand its `path` to ingest once it is complete (durable). With `keep`,
   * a file of at most that many bytes also keeps them in memory (`takeBytes`).
   */
  createIncoming(options: { header?: Buffer; pressure?: SpoolPressure; keep?: number } = {}): IncomingSpoolWriter {
    return new IncomingSpoolWriter(join(this.incomingDir, `${randomUUID()}.part`), {
      ...options,
      fileMode: this.config.files.fileMode,
    });
  }

  /**
   * Moves an incoming file into the spool proper, once `dataDurable` (its fsync, which may still
   * be running) settled: a name in the spool always holds durable bytes. Returns the final path at
   * once and, apart, `durable`: the data's fsync, the rename and the fsync of the directory that
   * makes the name durable. The caller commits its ledger row meanwhile: an acknowledgment waits
   * for both, not for one after the other. Should `durable` fail, the file may still be at `tempPath`.
   */
  async commit(
    tempPath: string,
    dataDurable: Promise<void> = Promise.resolve(),
  ): Promise<{ path: string; durable: Promise<void> }> {
    const dir = join(this.config.spoolPath, 'instances', new Date().toISOString().slice(0, 10));
    if (dir !== this.lastDayDir) {
      await this.mkdirPrivate(dir);
      this.lastDayDir = dir;
    }
    const finalPath = join(dir, `${randomUUID()}.dcm`);
    const durable = (async () => {
      await dataDurable;
      try {
        await rename(tempPath, finalPath);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !(await this.exists(tempPath))) throw err;
        await this.mkdirPrivate(dir); // the day folder was removed since it was made
        this.dirSyncs.forget(dir);
        await rename(tempPath, finalPath);
      }
      // the mode is set while the folder syncs: it is not part of what makes the name durable
      await Promise.all([chmod(finalPath, this.config.files.fileMode), this.dirSyncs.sync(dir)]);
    })();
    durable.catch(() => undefined); // observed by the caller; not an unhandled rejection meanwhile
    return { path: finalPath, durable };
  }

  outputPath(instanceId: number, outputKey: string): string {
    return join(this.outputsDir, `${instanceId}-${outputKey}.dcm`);
  }

  /** Writes a file durably: temp name, fsync, rename, fsync the directory. */
  async writeDurably(path: string, bytes: Buffer): Promise<void> {
    await this.mkdirPrivate(dirname(path));
    const temp = `${path}.${randomUUID()}.tmp`;
    const fh = await open(temp, 'w', this.config.files.fileMode);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, path);
    await fsyncDir(dirname(path));
  }

  /** Moves a rejected upload to the error path for inspection, with a note of why. */
  async quarantine(tempPath: string, reason: string): Promise<string> {
    const dir = this.rejectedDir;
    await this.mkdirPrivate(dir);
    const target = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.dcm`);
    try {
      await rename(tempPath, target);
      await chmod(target, this.config.files.fileMode);
      const fh = await open(`${target}.txt`, 'w', this.config.files.fileMode);
      await fh.writeFile(`${reason}\n`);
      await fh.close();
    } catch {
      await unlink(tempPath).catch(() => undefined);
    }
    return target;
  }

  /** Where the files of an instance whose deliveries ended with a failure are kept (DICOM_ERROR_PATH). */
  failedDir(instanceId: number): string {
    return join(this.config.errorPath, 'failed', String(instanceId));
  }

  /**
   * Moves an instance's files under DICOM_ERROR_PATH without a moment where the ledger names a
   * missing file: each is linked (or copied and fsynced, across file systems) into place, the
   * directory fsynced, `record` points the ledger at the new paths, and only then are the old
   * names removed. Returns the moves made (old path -> new path).
   */
  async moveToErrors(
    instanceId: number,
    paths: string[],
    record: (moves: Map<string, string>) => Promise<void>,
  ): Promise<Map<string, string>> {
    const dir = this.failedDir(instanceId);
    const moves = new Map<string, string>();
    for (const path of new Set(paths)) {
      if (path.startsWith(`${dir}/`)) continue; // already there (a retried delivery failed again)
      const target = join(dir, basename(path));
      await this.mkdirPrivate(dir);
      try {
        await link(path, target);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue; // nothing to keep (removed by hand, or never written)
        if (code === 'EEXIST') {
          moves.set(path, target);
          continue;
        } // a crash after the link: the same file
        if (code !== 'EXDEV') throw err;
        await copyFile(path, `${target}.tmp`);
        const fh = await open(`${target}.tmp`, 'r+');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(`${target}.tmp`, target);
      }
      moves.set(path, target);
    }
    if (moves.size === 0) return moves;
    await fsyncDir(dir);
    await record(moves);
    for (const from of moves.keys()) await this.remove(from);
    return moves;
  }

  async remove(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
  }

  private async exists(path: string): Promise<boolean> {
    return access(path).then(
      () => true,
      () => false,
    );
  }

  private async mkdirPrivate(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: this.config.files.dirMode });
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
