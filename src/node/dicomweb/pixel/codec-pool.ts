/**
 * The worker threads that decode, transcode and render (codec.worker.ts). Created on the first
 * request that needs one, so a node that never serves pixels never starts them; closed with the
 * DICOMweb server.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { CieError, errorCodes, type ErrorCode } from '../../../errors.js';
import { workerScript } from '../../../worker-script.js';
import type { CodecResult, CodecTask } from './codec.worker.js';

const WORKER = new URL('./codec.worker.ts', import.meta.url);

export interface CodecPool {
  run(task: CodecTask): Promise<Buffer[]>;
  close(): Promise<void>;
}

/** Default threads: the cores, at most 4 (a decode holds one core for its whole frame). */
export function defaultCodecThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export function createCodecPool(threads = defaultCodecThreads()): CodecPool {
  let pool: Promise<Piscina> | undefined;
  let closed = false;
  const start = (): Promise<Piscina> => {
    pool ??= workerScript(WORKER).then(
      (script) =>
        new Piscina({
          filename: script.filename,
          execArgv: script.execArgv,
          minThreads: 0,
          maxThreads: threads,
          idleTimeout: 60_000,
        }),
    );
    return pool;
  };
  return {
    async run(task) {
      if (closed) throw new CieError('NODE_BUSY', 'the DICOMweb server is shutting down');
      const r = (await (await start()).run(task)) as CodecResult;
      if (!r.ok) throw new CieError(r.code in errorCodes ? (r.code as ErrorCode) : 'INTERNAL', r.message);
      return r.buffers.map((b) => Buffer.from(b));
    },
    async close() {
      closed = true;
      const p = pool;
      pool = undefined;
      if (p) await (await p).destroy();
    },
  };
}
