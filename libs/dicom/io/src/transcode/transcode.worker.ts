import { readFile, writeFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { Context, NativeCodecs } from 'dcmjs-codecs';
import { ImagePixelModule, TranscodeError } from './pixel-frames';
import { DecodedFrame, FrameDecoder, transcodePart10 } from './transcode-core';
import type { TranscodeJob, TranscodeReply } from './transcode-messages';

/**
 * The transcoding worker thread: WebAssembly builds of libjpeg-turbo, CharLS, OpenJPEG and OpenJPH
 * (dcmjs-codecs) decode pixel data here, so a large multi-frame object never stalls the event loop
 * that serves associations and the API.
 */
const codecsReady = NativeCodecs.initializeAsync({ logCodecsInfo: false, logCodecsTrace: false });

const decodeFrame: FrameDecoder = (decoder, frame, m: ImagePixelModule): DecodedFrame => {
  const context = new Context({
    width: m.columns,
    height: m.rows,
    bitsAllocated: m.bitsAllocated,
    bitsStored: m.bitsStored,
    samplesPerPixel: m.samplesPerPixel,
    pixelRepresentation: m.pixelRepresentation,
    planarConfiguration: m.planarConfiguration,
    photometricInterpretation: m.photometricInterpretation,
    encodedBuffer: new Uint8Array(frame.buffer, frame.byteOffset, frame.length),
  });
  let decoded: Context;
  switch (decoder) {
    case 'jpeg':
      // YCbCr JPEG becomes RGB, as dcmdjpeg does by default: native YBR_FULL_422 cannot hold full-size chroma
      decoded = NativeCodecs.decodeJpeg(context, {
        convertColorspaceToRgb: m.photometricInterpretation.startsWith('YBR'),
      });
      break;
    case 'jpeg-ls':
      decoded = NativeCodecs.decodeJpegLs(context, {});
      break;
    case 'jpeg2000':
      decoded = NativeCodecs.decodeJpeg2000(context, {});
      break;
    case 'htj2k':
      decoded = NativeCodecs.decodeHtJpeg2000(context, {});
      break;
    case 'rle':
      decoded = NativeCodecs.decodeRle(context, {});
      break;
  }
  const pixels = decoded.getDecodedBuffer();
  if (!pixels) throw new TranscodeError('the codec returned no pixels');
  return {
    pixels,
    photometricInterpretation: decoded.getPhotometricInterpretation() ?? m.photometricInterpretation,
    planarConfiguration: decoded.getPlanarConfiguration() ?? m.planarConfiguration,
  };
};

async function run(job: TranscodeJob): Promise<TranscodeReply> {
  try {
    await codecsReady;
    const outcome = transcodePart10(await readFile(job.inputPath), job.targetTransferSyntaxUid, decodeFrame);
    await writeFile(job.outputPath, outcome.part10);
    return {
      id: job.id,
      ok: true,
      datasetOffset: outcome.datasetOffset,
      sourceTransferSyntaxUid: outcome.sourceTransferSyntaxUid,
      targetTransferSyntaxUid: outcome.targetTransferSyntaxUid,
      changes: outcome.changes,
      bytes: outcome.part10.length,
    };
  } catch (err) {
    // a file we cannot read is worth a retry; a file we cannot convert is not
    const permanent = err instanceof TranscodeError ? err.permanent : !(err as NodeJS.ErrnoException).code;
    return { id: job.id, ok: false, message: (err as Error).message, permanent };
  }
}

parentPort?.on('message', (job: TranscodeJob) => {
  void run(job).then((reply) => parentPort?.postMessage(reply));
});
