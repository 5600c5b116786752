/**
 * Streamed task results over the tunnel (feature "stream", see docs/tunnel.md): the binary chunk
 * frame format and the flow-control constants both ends share.
 *
 * A chunk frame is one binary WebSocket message: a 4-byte big-endian length of a JSON header
 * `{id, seq, final?}`, the header, then the chunk's bytes.
 */
import { z } from 'zod';

/** The feature name in `hello.features` and `welcome.capabilities`. */
export const STREAM_FEATURE = 'stream';

/** Largest chunk a sender puts in one frame, so heartbeats and other tasks interleave. */
export const MAX_CHUNK_BYTES = 1024 * 1024;

/** Chunks a sender may send before the first `credit` frame (the initial window). */
export const INITIAL_STREAM_CREDIT = 8;

const chunkHeaderSchema = z.object({
  id: z.string().min(1).max(128),
  seq: z.number().int().nonnegative(),
  final: z.boolean().optional(),
});

export type ChunkHeader = z.infer<typeof chunkHeaderSchema>;

export interface Chunk extends ChunkHeader {
  bytes: Buffer;
}

export function encodeChunk(header: ChunkHeader, bytes: Buffer): Buffer {
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.allocUnsafe(4);
  prefix.writeUInt32BE(head.length, 0);
  return Buffer.concat([prefix, head, bytes]);
}

export type DecodeChunkResult = { ok: true; chunk: Chunk } | { ok: false; reason: string };

/** Parse one binary message; never throws. */
export function decodeChunk(data: Buffer | ArrayBuffer | Buffer[]): DecodeChunkResult {
  const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  if (buf.length < 4) return { ok: false, reason: 'chunk frame shorter than its length prefix' };
  const headLength = buf.readUInt32BE(0);
  if (headLength > 1024 || 4 + headLength > buf.length)
    return { ok: false, reason: `chunk header length ${headLength} is out of bounds` };
  let json: unknown;
  try {
    json = JSON.parse(buf.subarray(4, 4 + headLength).toString('utf8'));
  } catch {
    return { ok: false, reason: 'chunk header is not valid JSON' };
  }
  const parsed = chunkHeaderSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'chunk header must be {id, seq, final?}' };
  return { ok: true, chunk: { ...parsed.data, bytes: buf.subarray(4 + headLength) } };
}
