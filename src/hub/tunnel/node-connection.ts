/**
 * One node's tunnel connection at the hub: the hello/welcome handshake, heartbeats with RTT,
 * tasks in flight (bounded) and queued, and failing every pending task when the connection ends.
 * Waiting tasks queue per kind and take free slots in turn, so a storm of one kind (thousands of
 * relay requests a researcher abandons) cannot starve another (other users' searches).
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { CieError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import {
  closeCodes,
  decodeFrame,
  encodeFrame,
  MalformedCounter,
  PROTOCOL_VERSION,
  type Frame,
  type FrameBody,
  type Hello,
} from '../../model/tunnel-protocol.js';
import { decodeChunk, STREAM_FEATURE } from '../../model/tunnel-stream.js';
import { IncomingStream, type TunnelStream } from './incoming-stream.js';

export interface ConnectionSettings {
  maxFrameBytes: number;
  heartbeatMs: number;
  /** The hub's own cap on tasks in flight per node (the node's hello may ask for fewer). */
  maxInFlight: number;
  /** Tasks waiting for a free slot; past this, sendTask is refused with NODE_BUSY. */
  maxQueued: number;
  /** Malformed frames within a minute before the node is disconnected. */
  malformedLimit: number;
  /** Time the node has to send its hello after connecting. */
  helloTimeoutMs: number;
}

export interface ConnectionEvents {
  onReady(conn: NodeConnection): void;
  onClosed(conn: NodeConnection): void;
  onSeen(conn: NodeConnection, seen: { version?: string; rttMs?: number }): void;
}

interface PendingTask {
  id: string;
  kind: string;
  payload: unknown;
  deadlineAt: number;
  sent: boolean;
  /** The caller wants a stream (submitStream); the node may still answer a plain error. */
  stream: boolean;
  settle: (err: Error | undefined, value?: unknown) => void;
}

/** Room for the envelope around a task's payload (id, kind, deadline). */
const FRAME_OVERHEAD_BYTES = 512;

function payloadBytes(payload: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? 'null');
  } catch {
    return undefined;
  }
}

export class NodeConnection {
  readonly connectedAt = new Date();
  lastSeen = new Date();
  rttMs: number | null = null;
  hello: Hello | undefined;
  private readonly inFlight = new Map<string, PendingTask>();
  /** Streams being received; each still holds one of the node's in-flight slots. */
  private readonly streams = new Map<string, IncomingStream>();
  /** Waiting tasks per kind (a kind's queue is dropped when empty); served round-robin. */
  private readonly queues = new Map<string, PendingTask[]>();
  private readonly malformed: MalformedCounter;
  private lastReceived = Date.now();
  private heartbeat: NodeJS.Timeout | undefined;
  private helloTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    readonly nodeId: number,
    readonly organisationId: number,
    private readonly socket: WebSocket,
    private readonly settings: ConnectionSettings,
    private readonly events: ConnectionEvents,
    private readonly logger: Logger,
  ) {
    this.malformed = new MalformedCounter(settings.malformedLimit);
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('close', (code, reason) => this.onClose(code, reason.toString()));
    socket.on('error', (err) => this.logger.warn({ nodeId, err: errorMessage(err) }, 'tunnel socket error'));
    this.helloTimer = setTimeout(
      () => this.close(closeCodes.protocolViolation, 'no hello received'),
      settings.helloTimeoutMs,
    );
  }

  get ready(): boolean {
    return this.hello !== undefined && !this.closed;
  }

  get inFlightCount(): number {
    return this.inFlight.size + this.streams.size;
  }

  /** Whether the node speaks the "stream" feature (negotiated in hello/welcome). */
  get streamsEnabled(): boolean {
    return this.hello?.features?.includes(STREAM_FEATURE) ?? false;
  }

  /**
   * Run a task whose result is a stream. The deadline covers the time until the stream's head
   * arrives; after that the stream runs as long as its consumer reads.
   */
  async submitStream(
    kind: string,
    payload: unknown,
    deadlineMs: number,
    signal?: AbortSignal,
  ): Promise<TunnelStream> {
    if (this.ready && !this.streamsEnabled) {
      throw new CieError(
        'NODE_UNAVAILABLE',
        `node ${this.nodeId} runs a version without streamed results: upgrade it`,
      );
    }
    return (await this.submit(kind, payload, deadlineMs, signal, true)) as TunnelStream;
  }

  get queuedCount(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  private get maxInFlight(): number {
    return Math.min(this.settings.maxInFlight, this.hello?.maxInFlight ?? 1);
  }

  /** Run a task on the node; settles with the node's payload or a CieError. */
  submit(
    kind: string,
    payload: unknown,
    deadlineMs: number,
    signal?: AbortSignal,
    stream = false,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (!this.ready) {
        reject(new CieError('NODE_UNAVAILABLE', `node ${this.nodeId} is not connected`));
        return;
      }
      const waiting = this.queues.get(kind)?.length ?? 0;
      if (this.inFlightCount >= this.maxInFlight && waiting >= this.settings.maxQueued) {
        reject(
          new CieError(
            'NODE_BUSY',
            `node ${this.nodeId} already has ${this.inFlight.size} tasks running and ${waiting} waiting ${kind} tasks: try again later`,
            { nodeId: this.nodeId, inFlight: this.inFlight.size, queued: waiting },
          ),
        );
        return;
      }
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new CieError('INTERNAL', 'task cancelled'));
        return;
      }
      const size = payloadBytes(payload);
      if (size === undefined) {
        reject(new CieError('BAD_REQUEST', `the ${kind} task payload cannot be sent as JSON`));
        return;
      }
      if (size + FRAME_OVERHEAD_BYTES > this.settings.maxFrameBytes) {
        reject(
          new CieError(
            'PAYLOAD_TOO_LARGE',
            `the ${kind} task payload is ${size} bytes, over the tunnel's ${this.settings.maxFrameBytes} byte frame limit`,
          ),
        );
        return;
      }
      const id = randomUUID();
      const onAbort = () => {
        if (task.sent) this.send({ type: 'cancel', id });
        task.settle(
          signal?.reason instanceof Error ? signal.reason : new CieError('INTERNAL', 'task cancelled'),
        );
      };
      const timer = setTimeout(() => {
        if (task.sent) this.send({ type: 'cancel', id });
        task.settle(
          new CieError(
            'TIMEOUT',
            `node ${this.nodeId} did not answer the ${kind} task within ${deadlineMs} ms`,
            {
              nodeId: this.nodeId,
              kind,
            },
          ),
        );
      }, deadlineMs);
      const task: PendingTask = {
        id,
        kind,
        payload,
        deadlineAt: Date.now() + deadlineMs,
        sent: false,
        stream,
        settle: (err, value) => {
          if (!this.forget(task)) return;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (err) reject(err);
          else resolve(value);
          this.pump();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const queue = this.queues.get(kind);
      if (queue) queue.push(task);
      else this.queues.set(kind, [task]);
      this.pump();
    });
  }

  /** Remove a task from the books; false if it was already settled. */
  private forget(task: PendingTask): boolean {
    if (this.inFlight.delete(task.id)) return true;
    const queue = this.queues.get(task.kind);
    const i = queue?.indexOf(task) ?? -1;
    if (!queue || i < 0) return false;
    queue.splice(i, 1);
    if (queue.length === 0) this.queues.delete(task.kind);
    return true;
  }

  /** Send queued tasks while there are free slots. */
  private pump(): void {
    while (this.ready && this.inFlightCount < this.maxInFlight && this.queues.size > 0) {
      // The kind first in line gives its head task, then goes to the back of the line.
      const [kind, queue] = this.queues.entries().next().value as [string, PendingTask[]];
      const task = queue.shift();
      this.queues.delete(kind);
      if (queue.length > 0) this.queues.set(kind, queue);
      if (!task) break;
      const deadlineMs = Math.max(1, task.deadlineAt - Date.now());
      this.inFlight.set(task.id, task);
      task.sent = true;
      this.send({ type: 'task', id: task.id, kind: task.kind, payload: task.payload, deadlineMs }, (err) => {
        if (err)
          task.settle(
            new CieError(
              'NODE_UNAVAILABLE',
              `could not send the task to node ${this.nodeId}: ${err.message}`,
            ),
          );
      });
    }
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === this.socket.CLOSED) return;
    this.socket.close(code, reason);
    // A peer that does not complete the closing handshake is cut off.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }

  private send(frame: FrameBody, cb?: (err?: Error) => void): void {
    if (this.socket.readyState !== this.socket.OPEN) {
      cb?.(new Error('connection closed'));
      return;
    }
    this.socket.send(encodeFrame(frame), cb);
  }

  private onMessage(data: Parameters<typeof decodeFrame>[0], isBinary: boolean): void {
    this.lastReceived = Date.now();
    this.lastSeen = new Date();
    if (isBinary && this.streamsEnabled) {
      const chunk = decodeChunk(data);
      if (!chunk.ok) return this.protocolError(chunk.reason);
      this.streams.get(chunk.chunk.id)?.deliver(chunk.chunk); // unknown id: late chunk of a cancelled stream
      return;
    }
    const decoded = decodeFrame(data, isBinary);
    if (!decoded.ok) {
      this.protocolError(decoded.reason);
      return;
    }
    this.handle(decoded.frame);
  }

  private protocolError(reason: string): void {
    this.logger.warn({ nodeId: this.nodeId, reason }, 'malformed frame from node');
    this.send({ type: 'error', id: 'protocol', code: 'BAD_REQUEST', message: reason });
    if (this.malformed.record()) {
      this.close(closeCodes.protocolViolation, 'too many malformed frames');
    }
  }

  private handle(frame: Frame): void {
    switch (frame.type) {
      case 'hello':
        if (this.hello) return this.protocolError('hello sent twice');
        if (!frame.versions.includes(PROTOCOL_VERSION)) {
          this.close(
            closeCodes.protocolViolation,
            `the hub speaks protocol version ${PROTOCOL_VERSION} only`,
          );
          return;
        }
        clearTimeout(this.helloTimer);
        this.hello = frame;
        this.send({
          type: 'welcome',
          id: frame.id,
          version: PROTOCOL_VERSION,
          nodeId: this.nodeId,
          capabilities: this.streamsEnabled ? ['cancel', STREAM_FEATURE] : ['cancel'],
          maxFrameBytes: this.settings.maxFrameBytes,
          heartbeatMs: this.settings.heartbeatMs,
        });
        this.startHeartbeat();
        this.events.onReady(this);
        this.events.onSeen(this, { version: frame.nodeVersion });
        return;
      case 'result': {
        const stream = this.streams.get(frame.id);
        if (stream) {
          stream.fail(
            new CieError(
              frame.ok ? 'INTERNAL' : frame.error.code,
              `node ${this.nodeId}: ${frame.ok ? 'a plain result for a stream' : frame.error.message}`,
            ),
          );
          return;
        }
        const task = this.inFlight.get(frame.id);
        if (!task) return; // late answer to a task that timed out or was cancelled
        if (frame.ok && task.stream) {
          task.settle(new CieError('INTERNAL', `node ${this.nodeId} answered ${task.kind} without a stream`));
        } else if (frame.ok) task.settle(undefined, frame.payload);
        else
          task.settle(
            new CieError(frame.error.code, `node ${this.nodeId}: ${frame.error.message}`, {
              nodeId: this.nodeId,
              kind: task.kind,
            }),
          );
        return;
      }
      case 'stream':
        return this.openStream(frame);
      case 'ping':
        this.send({ type: 'pong', id: frame.id, t: frame.t });
        return;
      case 'pong': {
        this.rttMs = Math.round((performance.now() - frame.t) * 100) / 100;
        this.events.onSeen(this, { rttMs: this.rttMs });
        return;
      }
      case 'error':
        this.logger.warn(
          { nodeId: this.nodeId, code: frame.code, message: frame.message },
          'node reported an error',
        );
        return;
      case 'welcome':
      case 'task':
      case 'cancel':
      case 'credit':
        return this.protocolError(`a node may not send ${frame.type} frames`);
      default: {
        const never: never = frame;
        return never;
      }
    }
  }

  private openStream(head: Extract<Frame, { type: 'stream' }>): void {
    const task = this.inFlight.get(head.id);
    if (!task?.stream) return this.protocolError(`stream ${head.id} answers no streamed task`);
    const id = head.id;
    const body = new IncomingStream(this.nodeId, {
      grant: (chunks) => this.send({ type: 'credit', id, chunks }),
      cancel: () => this.send({ type: 'cancel', id }),
      finished: () => {
        if (this.streams.get(id) === body) this.streams.delete(id);
        this.pump();
      },
    });
    this.streams.set(id, body);
    task.settle(undefined, IncomingStream.head(head, body));
  }

  private startHeartbeat(): void {
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastReceived > this.settings.heartbeatMs * 2.5) {
        this.logger.warn(
          { nodeId: this.nodeId },
          'node stopped answering heartbeats: dropping its connection',
        );
        this.socket.terminate();
        return;
      }
      this.send({
        type: 'ping',
        id: randomUUID(),
        t: performance.now(),
        ...(this.rttMs !== null ? { rttMs: this.rttMs } : {}),
      });
    }, this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  private onClose(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.helloTimer);
    clearInterval(this.heartbeat);
    const err = new CieError(
      'NODE_UNAVAILABLE',
      `the connection to node ${this.nodeId} was lost before the task finished (close code ${code}${reason ? `: ${reason}` : ''})`,
      { nodeId: this.nodeId, closeCode: code },
    );
    for (const task of [...this.inFlight.values(), ...[...this.queues.values()].flat()]) task.settle(err);
    for (const stream of [...this.streams.values()]) stream.fail(err);
    this.events.onClosed(this);
  }
}
