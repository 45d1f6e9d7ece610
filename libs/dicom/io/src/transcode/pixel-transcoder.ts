import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TranscodeError } from './pixel-frames';
import type { TranscodeJob, TranscodeReply } from './transcode-messages';

export interface TranscodeRequest {
  inputPath: string;
  /** Where the converted Part 10 file is written (the caller removes it). */
  outputPath: string;
  targetTransferSyntaxUid: string;
}

export interface TranscodeResult {
  datasetOffset: number;
  sourceTransferSyntaxUid: string;
  targetTransferSyntaxUid: string;
  changes: string[];
  bytes: number;
}

interface Pending {
  resolve: (r: TranscodeResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Main-thread side of transcoding: one worker thread, started on first use, that decodes and
 * writes the converted file. A job that overruns `timeoutMs` ends the worker (a codec stuck on
 * hostile data cannot be interrupted otherwise); the next job starts a fresh one.
 */
export class PixelTranscoder {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly options: { timeoutMs: number } = { timeoutMs: 120_000 }) {}

  transcode(request: TranscodeRequest): Promise<TranscodeResult> {
    const worker = this.worker ?? this.start();
    const id = ++this.nextId;
    const job: TranscodeJob = { id, ...request };
    return new Promise<TranscodeResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stopWorker(
          new TranscodeError(`transcoding ${request.inputPath} took longer than ${this.options.timeoutMs} ms`, false),
        );
      }, this.options.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.stopWorker(new TranscodeError('the transcoder was closed', false));
    await worker?.terminate();
  }

  private start(): Worker {
    // from source (jest, ts-node) the worker is TypeScript too: register swc inside the worker thread
    const fromSource = __filename.endsWith('.ts');
    const file = join(__dirname, fromSource ? 'transcode.worker.ts' : 'transcode.worker.js');
    const worker = new Worker(file, fromSource ? { execArgv: ['-r', require.resolve('@swc-node/register')] } : {});
    worker.on('message', (reply: TranscodeReply) => this.settle(reply));
    worker.on('error', (err) =>
      this.stopWorker(new TranscodeError(`the transcoding worker failed: ${err.message}`, false)),
    );
    worker.on('exit', (code) => {
      if (this.worker === worker)
        this.stopWorker(new TranscodeError(`the transcoding worker exited with code ${code}`, false));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: TranscodeReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    clearTimeout(p.timer);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) {
      p.resolve({
        datasetOffset: reply.datasetOffset,
        sourceTransferSyntaxUid: reply.sourceTransferSyntaxUid,
        targetTransferSyntaxUid: reply.targetTransferSyntaxUid,
        changes: reply.changes,
        bytes: reply.bytes,
      });
    } else {
      p.reject(new TranscodeError(reply.message, reply.permanent));
    }
  }

  private stopWorker(reason: Error): void {
    const worker = this.worker;
    this.worker = null;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(reason);
      this.pending.delete(id);
    }
    if (worker) void worker.terminate();
  }
}
