/**
 * A streamed task result as the hub receives it: a Readable fed by the node's chunk frames, which
 * grants the node more chunks (`credit`) only as its consumer reads. A consumer that stops reading
 * (a slow HTTP client) therefore stops the node, whose disk reads wait for credit.
 */
import { Readable } from 'node:stream';
import { CieError } from '../../errors.js';
import type { StreamHead } from '../../model/tunnel-protocol.js';
import { INITIAL_STREAM_CREDIT, MAX_CHUNK_BYTES, type Chunk } from '../../model/tunnel-stream.js';

export interface TunnelStream {
  status: number;
  contentType: string;
  length: number | undefined;
  headers: Record<string, string>;
  /** Destroying it before the end cancels the task at the node. */
  body: Readable;
}

export interface IncomingStreamHooks {
  /** Send a `credit` frame for this stream. */
  grant(chunks: number): void;
  /** The consumer gave up before the end: cancel at the node. */
  cancel(): void;
  /** The stream ended one way or another: free its slot. */
  finished(): void;
}

export class IncomingStream extends Readable {
  private granted = INITIAL_STREAM_CREDIT;
  private received = 0;
  private nextSeq = 0;
  private done = false;

  constructor(
    private readonly nodeId: number,
    private readonly hooks: IncomingStreamHooks,
    private readonly window = INITIAL_STREAM_CREDIT,
  ) {
    super({ highWaterMark: MAX_CHUNK_BYTES });
  }

  static head(head: StreamHead, body: IncomingStream): TunnelStream {
    return {
      status: head.status,
      contentType: head.contentType,
      length: head.length,
      headers: head.headers,
      body,
    };
  }

  /** A chunk frame arrived for this stream. */
  deliver(chunk: Chunk): void {
    if (this.done) return;
    if (chunk.seq !== this.nextSeq) {
      this.fail(
        new CieError('INTERNAL', `node ${this.nodeId} sent chunk ${chunk.seq}, expected ${this.nextSeq}`),
      );
      return;
    }
    this.nextSeq++;
    this.received++;
    if (this.received > this.granted) {
      this.fail(new CieError('INTERNAL', `node ${this.nodeId} sent more chunks than it was granted`));
      return;
    }
    if (chunk.bytes.length > 0) this.push(chunk.bytes);
    if (chunk.final) {
      this.done = true;
      this.hooks.finished();
      this.push(null);
    }
  }

  /** The task failed at the node or the connection was lost: error the stream, cancel nothing. */
  fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.hooks.finished();
    this.destroy(err);
  }

  override _read(): void {
    if (this.done) return;
    const outstanding = this.granted - this.received;
    if (outstanding > this.window / 2) return;
    const more = this.window - outstanding;
    this.granted += more;
    this.hooks.grant(more);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.done) {
      this.done = true;
      this.hooks.cancel();
      this.hooks.finished();
    }
    callback(err);
  }
}
