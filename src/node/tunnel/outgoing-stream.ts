/**
 * A task result sent as a stream (feature "stream"): a handler returns `streamReply(…)`, and the
 * task runner sends its head, then the body in chunks of at most 1 MiB, each spending one credit
 * the hub granted. At zero credit the sender stops reading the body, so a slow researcher slows
 * the node's disk reads instead of filling its memory.
 */
import type { Readable } from 'node:stream';
import { CieError } from '../../errors.js';
import { encodeChunk, INITIAL_STREAM_CREDIT, MAX_CHUNK_BYTES } from '../../model/tunnel-stream.js';

export interface StreamReplyHead {
  status: number;
  contentType: string;
  length?: number | undefined;
  headers?: Record<string, string>;
}

/** What a task handler returns to answer with a stream instead of a JSON payload. */
export class StreamReply {
  constructor(
    readonly head: StreamReplyHead,
    readonly body: Readable | Buffer,
  ) {}
}

export function streamReply(head: StreamReplyHead, body: Readable | Buffer): StreamReply {
  return new StreamReply(head, body);
}

/** Sends one stream's chunks as credit allows. */
export class OutgoingStream {
  private credit = INITIAL_STREAM_CREDIT;
  private wake: (() => void) | undefined;
  /** Chunks sent so far (tests and metrics). */
  sent = 0;

  constructor(
    private readonly id: string,
    private readonly sendBinary: (frame: Buffer) => void,
    private readonly signal: AbortSignal,
    private readonly chunkBytes = MAX_CHUNK_BYTES,
  ) {}

  /** The hub granted more chunks. */
  grant(chunks: number): void {
    this.credit += chunks;
    this.wake?.();
  }

  /** Send the whole body; rejects when aborted (cancel, lost connection) or the body fails. */
  async run(body: Readable | Buffer): Promise<void> {
    if (Buffer.isBuffer(body)) {
      for (let at = 0; at < body.length || at === 0; at += this.chunkBytes) {
        const end = Math.min(body.length, at + this.chunkBytes);
        await this.send(body.subarray(at, end), end >= body.length);
        if (end >= body.length) return;
      }
      return;
    }
    const onAbort = () => body.destroy();
    this.signal.addEventListener('abort', onAbort, { once: true });
    try {
      let pending: Buffer[] = [];
      let size = 0;
      for await (const piece of body) {
        const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
        pending.push(buf);
        size += buf.length;
        while (size >= this.chunkBytes) {
          const all = pending.length === 1 && pending[0] ? pending[0] : Buffer.concat(pending, size);
          await this.send(all.subarray(0, this.chunkBytes), false);
          const rest = all.subarray(this.chunkBytes);
          pending = rest.length > 0 ? [rest] : [];
          size = rest.length;
        }
      }
      await this.send(Buffer.concat(pending, size), true);
    } finally {
      this.signal.removeEventListener('abort', onAbort);
      if (this.signal.aborted) body.destroy();
    }
  }

  private async send(bytes: Buffer, final: boolean): Promise<void> {
    while (this.credit <= 0) await this.waitForCredit();
    this.throwIfAborted();
    this.credit--;
    this.sendBinary(
      encodeChunk(final ? { id: this.id, seq: this.sent, final } : { id: this.id, seq: this.sent }, bytes),
    );
    this.sent++;
  }

  private waitForCredit(): Promise<void> {
    this.throwIfAborted();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.wake = undefined;
        reject(this.abortReason());
      };
      this.wake = () => {
        this.wake = undefined;
        this.signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private throwIfAborted(): void {
    if (this.signal.aborted) throw this.abortReason();
  }

  private abortReason(): Error {
    const r: unknown = this.signal.reason;
    return r instanceof Error ? r : new CieError('INTERNAL', 'the stream was cancelled');
  }
}
