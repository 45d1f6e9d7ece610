import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Parent of the per-process upload folders. */
const UPLOAD_ROOT = join(tmpdir(), 'axiom-dry-run');
/** Where this process streams dry-run uploads to; one file per upload, removed when the request ends. */
export const DRY_RUN_UPLOAD_DIR = join(UPLOAD_ROOT, String(process.pid));

/** What the storage engine tells multer about a stored upload (it becomes `req.file`). */
export interface StoredUpload {
  path: string;
  size: number;
}

type Done<T> = (error: Error | null, info?: T) => void;

/**
 * A multer storage engine that streams the file part to a private temp file (0600 in a 0700
 * folder) instead of memory: a 512 MB upload costs disk, not heap. multer removes the file itself
 * when the upload fails (size limit, aborted request); the upload gate removes it afterwards.
 */
export class TempFileStorage {
  constructor(private readonly dir = DRY_RUN_UPLOAD_DIR) {}

  _handleFile(_req: unknown, file: { stream: Readable }, done: Done<StoredUpload>): void {
    const path = join(this.dir, `upload-${randomUUID()}.dcm`);
    const store = async (): Promise<StoredUpload> => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await pipeline(file.stream, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      return { path, size: (await stat(path)).size };
    };
    store().then(
      (info) => done(null, info),
      (err: Error) => {
        void rm(path, { force: true })
          .catch(() => undefined)
          .then(() => done(err));
      },
    );
  }

  _removeFile(_req: unknown, file: { path?: string }, done: Done<never>): void {
    if (!file.path) return done(null);
    rm(file.path, { force: true }).then(
      () => done(null),
      (err: Error) => done(err),
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * On start, removes the upload folders of processes that are gone: a process killed during an
 * upload cannot remove its temp file, and nothing else would.
 */
@Injectable()
export class DryRunUploadSweeper implements OnModuleInit {
  async onModuleInit(): Promise<void> {
    const entries = await readdir(UPLOAD_ROOT).catch(() => [] as string[]);
    for (const name of entries) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
      await rm(join(UPLOAD_ROOT, name), { recursive: true, force: true }).catch((err: Error) => {
        new Logger('DryRun').warn(`could not remove stale dry-run uploads ${join(UPLOAD_ROOT, name)}: ${err.message}`);
      });
    }
  }
}
