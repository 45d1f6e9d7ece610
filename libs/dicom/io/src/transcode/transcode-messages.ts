/** Messages between the transcoder (main thread) and its worker thread. */

export interface TranscodeJob {
  id: number;
  inputPath: string;
  outputPath: string;
  targetTransferSyntaxUid: string;
}

export type TranscodeReply =
  | {
      id: number;
      ok: true;
      datasetOffset: number;
      sourceTransferSyntaxUid: string;
      targetTransferSyntaxUid: string;
      changes: string[];
      bytes: number;
    }
  | { id: number; ok: false; message: string; permanent: boolean };
