import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';

/**
 * The spool: durable files under DICOM_STORAGE_PATH. A file enters by rename from `incoming/`
 * (where network layers write, fsynced), and the directory is fsynced so the rename survives a
 * crash too. Everything here is patient data: folders and files are created private
 * (AXIOM_DIR_MODE / AXIOM_FILE_MODE, 0700 / 0600 by default).
 */
@Injectable()
export class SpoolService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get incomingDir(): string {
    return join(this.config.spoolPath, 'incoming');
  }

  get outputsDir(): string {
    return join(this.config.spoolPath, 'outputs');
  }

  get rejectedDir(): string {
    return join(this.config.errorPath, 'rejected');
  }

  async init(): Promise<void> {
    await this.mkdirPrivate(this.config.spoolPath);
    await this.mkdirPrivate(this.incomingDir);
    await this.mkdirPrivate(this.outputsDir);
    await this.mkdirPrivate(this.config.errorPath);
  }

  /** Moves an fsynced incoming file into the spool proper and returns its final path. */
  async commit(tempPath: string): Promise<string> {
    const day = new Date().toISOString().slice(0, 10);
    const dir = join(this.config.spoolPath, 'instances', day);
    await this.mkdirPrivate(dir);
    const finalPath = join(dir, `${randomUUID()}.dcm`);
    await rename(tempPath, finalPath);
    await chmod(finalPath, this.config.files.fileMode);
    await fsyncDir(dir);
    return finalPath;
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

  async remove(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
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
