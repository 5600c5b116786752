/**
 * Running the tasks the hub sends: one handler per task kind, a bound on tasks running at once,
 * a deadline per task, and cancellation (the handler's signal aborts).
 */
import { CieError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { FrameBody, Task, TaskError } from '../../model/tunnel-protocol.js';
import { OutgoingStream, StreamReply } from './outgoing-stream.js';

export interface TaskContext {
  taskId: string;
  /** Aborted when the hub cancels the task, its deadline passes, or the connection is lost. */
  signal: AbortSignal;
  /** When the hub stops waiting (epoch ms, node clock). */
  deadline: number;
}

/** Returns the result payload, or a `StreamReply` (see outgoing-stream.ts) to stream it. */
export type TaskHandler = (payload: unknown, ctx: TaskContext) => Promise<unknown>;

/** How streamed results leave the node (feature "stream"). */
export interface StreamTransport {
  /** Whether the hub accepted the "stream" feature on this connection. */
  enabled(): boolean;
  sendBinary(frame: Buffer): void;
}

interface Running {
  controller: AbortController;
  timer: NodeJS.Timeout;
}

export class TaskRunner {
  private readonly handlers = new Map<string, TaskHandler>();
  private readonly running = new Map<string, Running>();
  private readonly streams = new Map<string, OutgoingStream>();

  constructor(
    readonly maxInFlight: number,
    private readonly maxFrameBytes: () => number,
    private readonly logger: Logger,
    private readonly transport?: StreamTransport,
  ) {}

  register(kind: string, handler: TaskHandler): void {
    if (this.handlers.has(kind))
      throw new CieError('CONFLICT', `a handler for task kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Start a task; `reply` is called once with the result frame unless the task was cancelled. */
  run(task: Task, reply: (frame: FrameBody) => void): void {
    const fail = (error: TaskError) => reply({ type: 'result', id: task.id, ok: false, error });
    const handler = this.handlers.get(task.kind);
    if (!handler)
      return fail({ code: 'NOT_FOUND', message: `this node has no handler for task kind ${task.kind}` });
    if (this.running.has(task.id))
      return fail({ code: 'CONFLICT', message: `task ${task.id} is already running` });
    if (this.running.size >= this.maxInFlight) {
      return fail({
        code: 'NODE_BUSY',
        message: `this node already runs ${this.running.size} tasks (its limit)`,
      });
    }
    const controller = new AbortController();
    const deadline = Date.now() + task.deadlineMs;
    const timer = setTimeout(() => {
      controller.abort(
        new CieError('TIMEOUT', `task ${task.kind} passed its deadline of ${task.deadlineMs} ms`),
      );
      if (this.running.delete(task.id)) {
        fail({ code: 'TIMEOUT', message: `task ${task.kind} passed its deadline of ${task.deadlineMs} ms` });
      }
    }, task.deadlineMs);
    this.running.set(task.id, { controller, timer });
    const settle = (frame: FrameBody) => {
      if (!this.running.delete(task.id)) return; // cancelled, timed out or connection lost
      clearTimeout(timer);
      reply(frame);
    };
    const failWith = (err: unknown) => {
      const error: TaskError =
        err instanceof CieError
          ? { code: err.code, message: err.message }
          : { code: 'INTERNAL', message: errorMessage(err) };
      if (!(err instanceof CieError))
        this.logger.error({ kind: task.kind, err: errorMessage(err) }, 'task handler failed');
      settle({ type: 'result', id: task.id, ok: false, error });
    };
    let started: Promise<unknown>;
    try {
      started = handler(task.payload, { taskId: task.id, signal: controller.signal, deadline });
    } catch (err) {
      started = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    started.then((payload) => {
      if (payload instanceof StreamReply) {
        this.startStream(task, payload, controller.signal, timer, reply).catch(failWith);
        return;
      }
      const frame: FrameBody = { type: 'result', id: task.id, ok: true, payload };
      const size = Buffer.byteLength(JSON.stringify(frame));
      if (size > this.maxFrameBytes()) {
        settle({
          type: 'result',
          id: task.id,
          ok: false,
          error: {
            code: 'PAYLOAD_TOO_LARGE',
            message: `the ${task.kind} result is ${size} bytes, over the ${this.maxFrameBytes()} byte frame limit`,
          },
        });
      } else settle(frame);
    }, failWith);
  }

  /**
   * Send the head, then the body as credit allows. The deadline stops at the head: a large
   * download runs as long as the hub keeps reading. Ends with the final chunk, or rejects (the
   * caller sends an error result; nothing is sent after a cancel).
   */
  private async startStream(
    task: Task,
    reply: StreamReply,
    signal: AbortSignal,
    timer: NodeJS.Timeout,
    send: (frame: FrameBody) => void,
  ): Promise<void> {
    if (!this.transport?.enabled()) {
      if (!Buffer.isBuffer(reply.body)) reply.body.destroy();
      throw new CieError(
        'BAD_REQUEST',
        `the ${task.kind} task answers with a stream, which this hub does not accept`,
      );
    }
    if (!this.running.has(task.id)) {
      if (!Buffer.isBuffer(reply.body)) reply.body.destroy();
      return;
    }
    clearTimeout(timer);
    const transport = this.transport;
    const out = new OutgoingStream(task.id, (b) => transport.sendBinary(b), signal);
    this.streams.set(task.id, out);
    const { head } = reply;
    send({
      type: 'stream',
      id: task.id,
      status: head.status,
      contentType: head.contentType,
      ...(head.length !== undefined ? { length: head.length } : {}),
      headers: head.headers ?? {},
    });
    try {
      await out.run(reply.body);
      this.running.delete(task.id);
    } catch (err) {
      if (signal.aborted) return; // cancelled or connection lost: the hub expects nothing more
      throw err;
    } finally {
      this.streams.delete(task.id);
    }
  }

  /** The hub granted a stream more chunks. */
  credit(taskId: string, chunks: number): void {
    this.streams.get(taskId)?.grant(chunks);
  }

  /** The hub withdrew the task: abort it and send nothing. */
  cancel(taskId: string): void {
    const r = this.running.get(taskId);
    if (!r) return;
    this.running.delete(taskId);
    clearTimeout(r.timer);
    r.controller.abort(new CieError('INTERNAL', 'the hub cancelled the task'));
  }

  /** The connection is gone: abort everything (the hub fails these tasks on its side). */
  abortAll(reason: string): void {
    for (const id of [...this.running.keys()]) {
      const r = this.running.get(id);
      this.running.delete(id);
      if (r) {
        clearTimeout(r.timer);
        r.controller.abort(new CieError('NODE_UNAVAILABLE', reason));
      }
    }
  }
}
