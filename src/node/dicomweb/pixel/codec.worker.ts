/**
 * Piscina worker: the CPU-heavy pixel work of WADO-RS (decoding frames, transcoding an instance,
 * rendering), off the event loop that serves every other request. Each task reads its file here,
 * so only the result crosses between threads.
 */
import { readFile } from 'node:fs/promises';
import { CieError } from '../../../errors.js';
import { canDecode, decodeFrame } from './codecs.js';
import {
  encodedFrame,
  nativeFrame,
  nativeSyntaxes,
  readPixelFile,
  requireFrames,
  type PixelFile,
} from './pixel-info.js';
import { presentationOf, renderFrame, type RenderParams } from './render.js';
import { toExplicitLittleEndian } from './transcode.js';

export type CodecTask =
  | { kind: 'frames'; path: string; frames: number[] }
  | { kind: 'instance'; path: string }
  | { kind: 'render'; path: string; frame: number; params: RenderParams };

/** Errors cross the thread boundary as plain objects; codec-pool.ts turns them back into CieError. */
export type CodecResult = { ok: true; buffers: ArrayBuffer[] } | { ok: false; code: string; message: string };

/** A frame's pixels in the native layout of its file's attributes. */
async function framePixels(
  file: PixelFile,
  bytes: Uint8Array,
  n: number,
): Promise<{ pixels: Uint8Array; photometric: string }> {
  const ts = file.info.transferSyntaxUid;
  if (nativeSyntaxes.has(ts)) {
    const f = nativeFrame(file, bytes, n);
    const pixels = f.kind === 'range' ? bytes.subarray(f.start, f.start + f.size) : f.bytes;
    return { pixels, photometric: file.info.photometric };
  }
  if (!canDecode(ts))
    throw new CieError('NOT_ACCEPTABLE', `frames of transfer syntax ${ts} cannot be decoded on this node`);
  return decodeFrame(ts, encodedFrame(file, n), file.info);
}

function own(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

async function run(task: CodecTask): Promise<ArrayBuffer[]> {
  const bytes = new Uint8Array(await readFile(task.path));
  switch (task.kind) {
    case 'frames': {
      const file = readPixelFile(bytes);
      requireFrames(file.info, task.frames);
      const out: ArrayBuffer[] = [];
      for (const n of task.frames) out.push(own((await framePixels(file, bytes, n)).pixels));
      return out;
    }
    case 'instance':
      return [own(await toExplicitLittleEndian(bytes))];
    case 'render': {
      const file = readPixelFile(bytes);
      requireFrames(file.info, [task.frame]);
      const { pixels, photometric } = await framePixels(file, bytes, task.frame);
      const info = {
        ...file.info,
        photometric,
        planarConfiguration: photometric === file.info.photometric ? file.info.planarConfiguration : 0,
      };
      return [own(await renderFrame(pixels, info, presentationOf(file.dataset, file.info), task.params))];
    }
  }
}

export default async function codecTask(task: CodecTask): Promise<CodecResult> {
  try {
    return { ok: true, buffers: await run(task) };
  } catch (err) {
    if (err instanceof CieError) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: 'DICOM_INVALID', message: err instanceof Error ? err.message : String(err) };
  }
}
