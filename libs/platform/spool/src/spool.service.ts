import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@axiom/platform-config';

/**
 * The spool: durable files under DICOM_STORAGE_PATH. A file enters by rename from `incoming/`
 * (where network layers write, fsynced), and the directory is fsynced so the rename survives a
 * crash too.
 */
@Injectable()
export class SpoolService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get incomingDir(): string {
    return join(this.config.spoolPath, 'incoming');
  }

  async init(): Promise<void> {
    await mkdir(this.incomingDir, { recursive: true });
    await mkdir(join(this.config.spoolPath, 'outputs'), { recursive: true });
    await mkdir(this.config.errorPath, { recursive: true });
  }

  /** Moves an fsynced incoming file into the spool proper and returns its final path. */
  async commit(tempPath: string): Promise<string> {
    const day = new Date().toISOString().slice(0, 10);
    const dir = join(this.config.spoolPath, 'instances', day);
    await mkdir(dir, { recursive: true });
    const finalPath = join(dir, `${randomUUID()}.dcm`);
    await rename(tempPath, finalPath);
    await fsyncDir(dir);
    return finalPath;
  }

  outputPath(instanceId: number, outputKey: string): string {
    return join(this.config.spoolPath, 'outputs', `${instanceId}-${outputKey}.dcm`);
  }

  /** Writes a file durably: temp name, fsync, rename, fsync the directory. */
  async writeDurably(path: string, bytes: Buffer): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    const fh = await open(temp, 'w');
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
    const dir = join(this.config.errorPath, 'rejected');
    await mkdir(dir, { recursive: true });
    const target = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.dcm`);
    try {
      await rename(tempPath, target);
      const fh = await open(`${target}.txt`, 'w');
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
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
