/**
 * The write stage of the ingest pipeline: examined files are queued here and written in batches,
 * one transaction at a time, WHILE the walk and the parser workers go on. The queue is bounded
 * (`room()` waits while it is full), so memory does not grow with the corpus; the first failed
 * write stops the pipeline (`room()` and `finish()` throw it).
 */
import type { FileOutcome } from './ingest.types.js';

export class BatchWriter {
  private readonly queue: FileOutcome[] = [];
  private writing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  private finishing = false;
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly write: (batch: FileOutcome[]) => Promise<void>,
    private readonly batchSize: number,
    /** Outcomes queued before producers have to wait. */
    private readonly capacity: number = batchSize * 3,
  ) {}

  /** Queue outcomes (never waits; call `room()` before producing more). */
  push(outcomes: FileOutcome[]): void {
    for (const o of outcomes) this.queue.push(o);
    this.kick();
  }

  /** Resolves when the queue has room for more; throws the error of a failed write. */
  async room(): Promise<void> {
    this.throwIfFailed();
    while (this.queue.length >= this.capacity && this.writing) {
      await new Promise<void>((r) => this.waiters.push(r));
      this.throwIfFailed();
    }
  }

  /** Write what is left; resolves when everything queued is committed. */
  async finish(): Promise<void> {
    this.finishing = true;
    this.kick();
    while (this.writing) await this.writing;
    this.throwIfFailed();
  }

  /** Start no more writes and wait for the current one (after an error elsewhere). Never throws. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private kick(): void {
    if (this.writing || this.failure || this.closed) return;
    if (this.queue.length < this.batchSize && !(this.finishing && this.queue.length > 0)) return;
    const batch = this.queue.splice(0, this.batchSize);
    this.writing = this.write(batch).then(
      () => {
        this.writing = undefined;
        this.kick();
        this.wake();
      },
      (error: unknown) => {
        this.writing = undefined;
        this.failure = { error };
        this.wake();
      },
    );
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}
