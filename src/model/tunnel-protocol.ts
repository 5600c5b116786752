/**
 * The hub ⇄ node tunnel protocol, version 1: JSON text frames, one envelope per frame
 * (`{v: 1, type, id, …}`), validated with zod on both ends. See docs/tunnel.md.
 */
import { z } from 'zod';
import { errorCodes, type ErrorCode } from '../errors.js';

export const PROTOCOL_VERSION = 1;

/** Default size limit of one frame, both directions (4 MiB). */
export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** WebSocket close codes the tunnel uses (4000-4999 are for applications). */
export const closeCodes = {
  /** Clean shutdown of either side. */
  goingAway: 1001,
  /** A frame exceeded the size limit (set by `ws` itself when maxPayload is exceeded). */
  tooBig: 1009,
  /** The hub is restarting: reconnect. */
  restart: 1012,
  /** The peer sent too many malformed frames, or a protocol version nobody speaks. */
  protocolViolation: 4400,
  /** The node has been revoked by an administrator: do not reconnect. */
  revoked: 4403,
  /** Heartbeats stopped: the connection is presumed dead. */
  heartbeatTimeout: 4408,
  /** A newer connection of the same node replaced this one. */
  replaced: 4409,
} as const;

const id = z.string().min(1).max(128);
const base = { v: z.literal(PROTOCOL_VERSION), id };

const errorCode = z.string().refine((c): c is ErrorCode => c in errorCodes, 'unknown error code');

export const helloSchema = z.object({
  ...base,
  type: z.literal('hello'),
  /** Protocol versions the node speaks. */
  versions: z.array(z.number().int().positive()).min(1),
  /** The node software version (shown to admins). */
  nodeVersion: z.string().max(64),
  /** Task kinds the node has handlers for. */
  capabilities: z.array(z.string().max(128)).max(256),
  /** How many tasks the node runs at once; the hub never sends more. */
  maxInFlight: z.number().int().min(1).max(10_000),
  /** Protocol features the node speaks beyond version 1 (e.g. "stream"); absent on older nodes. */
  features: z.array(z.string().max(64)).max(64).optional(),
});

export const welcomeSchema = z.object({
  ...base,
  type: z.literal('welcome'),
  version: z.literal(PROTOCOL_VERSION),
  nodeId: z.number().int().positive(),
  /** What the hub supports (e.g. "cancel"). */
  capabilities: z.array(z.string().max(128)).max(256),
  maxFrameBytes: z.number().int().positive(),
  /** The hub pings this often; the node treats 3× this without traffic as a dead connection. */
  heartbeatMs: z.number().int().positive(),
});

export const taskSchema = z.object({
  ...base,
  type: z.literal('task'),
  kind: z.string().min(1).max(128),
  payload: z.unknown(),
  /** Time left to answer, in ms from receipt (relative, so clocks need not agree). */
  deadlineMs: z.number().int().positive(),
});

export const taskErrorSchema = z.object({ code: errorCode, message: z.string().max(4000) });

export const resultSchema = z.discriminatedUnion('ok', [
  z.object({ ...base, type: z.literal('result'), ok: z.literal(true), payload: z.unknown() }),
  z.object({ ...base, type: z.literal('result'), ok: z.literal(false), error: taskErrorSchema }),
]);

export const cancelSchema = z.object({ ...base, type: z.literal('cancel') });

/**
 * Feature "stream": the node answers task `id` with a stream. This frame is its head (like an
 * HTTP response head); binary chunk frames follow (see tunnel-stream.ts), the last one `final`.
 */
export const streamSchema = z.object({
  ...base,
  type: z.literal('stream'),
  /** An HTTP status for relays (200, 206, 404…). */
  status: z.number().int().min(100).max(599),
  contentType: z.string().max(512),
  /** Total bytes, when known. */
  length: z.number().int().nonnegative().optional(),
  /** Further headers to pass on (lower-case names). */
  headers: z.record(z.string().max(128), z.string().max(4096)).default({}),
});

/** Feature "stream": the receiver of stream `id` grants the sender `chunks` more chunks. */
export const creditSchema = z.object({
  ...base,
  type: z.literal('credit'),
  chunks: z.number().int().positive().max(1024),
});

export const pingSchema = z.object({
  ...base,
  type: z.literal('ping'),
  /** The sender's clock when sent (ms); echoed back in the pong. */
  t: z.number(),
  /** The sender's last measured round-trip time, for the other side to display. */
  rttMs: z.number().nonnegative().optional(),
});

export const pongSchema = z.object({ ...base, type: z.literal('pong'), t: z.number() });

/** A frame the receiver refused (malformed, unknown id…); informational. */
export const protocolErrorSchema = z.object({
  ...base,
  type: z.literal('error'),
  code: errorCode,
  message: z.string().max(4000),
});

export const frameSchema = z.union([
  helloSchema,
  welcomeSchema,
  taskSchema,
  resultSchema,
  cancelSchema,
  streamSchema,
  creditSchema,
  pingSchema,
  pongSchema,
  protocolErrorSchema,
]);

export type Hello = z.infer<typeof helloSchema>;
export type Welcome = z.infer<typeof welcomeSchema>;
export type Task = z.infer<typeof taskSchema>;
export type Result = z.infer<typeof resultSchema>;
export type TaskError = z.infer<typeof taskErrorSchema>;
export type Frame = z.infer<typeof frameSchema>;
export type StreamHead = z.infer<typeof streamSchema>;

/** What a frame carries, minus the version field every frame has. */
export type FrameBody = Frame extends infer F ? (F extends Frame ? Omit<F, 'v'> : never) : never;

export function encodeFrame(frame: FrameBody): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...frame });
}

export type DecodeResult = { ok: true; frame: Frame } | { ok: false; reason: string };

/** Parse one received WebSocket message; never throws. */
export function decodeFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): DecodeResult {
  if (isBinary) return { ok: false, reason: 'binary frames are not part of protocol version 1' };
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'frame is not valid JSON' };
  }
  const parsed = frameSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `frame does not match protocol v${PROTOCOL_VERSION}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    };
  }
  return { ok: true, frame: parsed.data };
}

/** Counts malformed frames in a sliding window; past the limit the connection is closed. */
export class MalformedCounter {
  private times: number[] = [];
  total = 0;
  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Record one malformed frame; true when the peer should be disconnected. */
  record(now = Date.now()): boolean {
    this.total++;
    this.times = this.times.filter((t) => now - t < this.windowMs);
    this.times.push(now);
    return this.times.length >= this.limit;
  }
}
