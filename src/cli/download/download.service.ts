/**
 * Downloading a granted dataset through the hub's DICOMweb relay: list its instances (QIDO-RS,
 * paged), fetch each as application/dicom into `<dir>/<study>/<series>/<sop>.dcm` with N transfers
 * at once, verify it (SHA-256 from the node's index when sent, else the size and the DICOM header's
 * SOP Instance UID), and resume: complete files are skipped, a `.part` continues with a Range.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseHeaderPrefix } from '../../dicom/parse-header.js';
import { CieError } from '../../errors.js';

export interface DownloadOptions {
  hubUrl: string;
  token: string;
  slug: string;
  dir: string;
  /** Transfers at once (default 4). */
  parallel?: number;
  /** QIDO page size (default 500). */
  pageSize?: number;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadProgress {
  total: number;
  done: number;
  bytes: number;
}

export interface DownloadSummary {
  dataset: string;
  dir: string;
  instances: number;
  downloaded: number;
  resumed: number;
  skipped: number;
  failed: { sopInstanceUid: string; error: string }[];
  bytes: number;
  durationMs: number;
  megabytesPerSecond: number;
}

export interface RemoteInstance {
  study: string;
  series: string;
  sop: string;
}

const uid = /^[0-9.]{1,64}$/;
type Json = Record<string, { Value?: unknown[] } | undefined>;

function root(o: DownloadOptions): string {
  return `${o.hubUrl.replace(/\/$/, '')}/dicomweb/datasets/${encodeURIComponent(o.slug)}`;
}

async function failure(res: Response, what: string): Promise<CieError> {
  const text = (await res.text()).slice(0, 500);
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
  } catch {
    // not JSON: keep the text
  }
  const code =
    res.status === 401
      ? 'UNAUTHENTICATED'
      : res.status === 403
        ? 'FORBIDDEN'
        : res.status === 404
          ? 'NOT_FOUND'
          : 'INTERNAL';
  return new CieError(code, `${what}: HTTP ${res.status}${message ? ` ${message}` : ''}`);
}

/**
 * Run one request under a signal of its own that follows `parent`, and stop following when the
 * request ends. fetch() leaves its abort listener on the signal it was given until that request
 * is garbage collected, so one signal shared by a long download gathered thousands of listeners
 * (and printed MaxListenersExceededWarnings).
 */
async function underOwnSignal<T>(
  parent: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  parent?.throwIfAborted();
  const own = new AbortController();
  const follow = () => own.abort(parent?.reason);
  parent?.addEventListener('abort', follow, { once: true });
  try {
    return await run(own.signal);
  } finally {
    parent?.removeEventListener('abort', follow);
  }
}

/** Every instance of the dataset, by QIDO-RS pages. */
export function listInstances(o: DownloadOptions): Promise<RemoteInstance[]> {
  return underOwnSignal(o.signal, (signal) => listPages({ ...o, signal }));
}

async function listPages(o: DownloadOptions): Promise<RemoteInstance[]> {
  const pageSize = o.pageSize ?? 500;
  const out: RemoteInstance[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const url = `${root(o)}/instances?includefield=0020000D,0020000E&limit=${pageSize}&offset=${offset}`;
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${o.token}`, accept: 'application/dicom+json' },
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (res.status === 204) break;
    if (!res.ok) throw await failure(res, `listing the instances of ${o.slug}`);
    const page = (await res.json()) as Json[];
    for (const j of page) {
      const [study, series, sop] = ['0020000D', '0020000E', '00080018'].map((t) => {
        const v = j[t]?.Value?.[0];
        return typeof v === 'string' ? v : '';
      });
      if (!study || !series || !sop || ![study, series, sop].every((u) => uid.test(u))) {
        throw new CieError('BAD_REQUEST', `the hub listed an instance without valid UIDs (${sop || '?'})`);
      }
      out.push({ study, series, sop });
    }
    if (page.length < pageSize) break;
  }
  return out;
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

/** Check a finished .part: hash when the node sent one, else its DICOM header names this SOP. */
async function verify(
  part: string,
  i: RemoteInstance,
  expected: { sha256?: string; size?: number },
): Promise<void> {
  const size = (await stat(part)).size;
  if (expected.size !== undefined && size !== expected.size) {
    throw new CieError('INTERNAL', `size ${size} differs from the ${expected.size} bytes announced`);
  }
  if (expected.sha256) {
    const got = await sha256File(part);
    if (got !== expected.sha256)
      throw new CieError('INTERNAL', `SHA-256 ${got} differs from ${expected.sha256}`);
    return;
  }
  const fh = await open(part, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, 256 * 1024));
    await fh.read(buf, 0, buf.length, 0);
    const parsed = parseHeaderPrefix(buf, size);
    if (!parsed.ok) throw new CieError('DICOM_INVALID', `not a readable DICOM file (${parsed.reason})`);
    if (parsed.header.sopInstanceUid !== i.sop) {
      throw new CieError('INTERNAL', `the file holds SOP Instance ${parsed.header.sopInstanceUid}`);
    }
  } finally {
    await fh.close();
  }
}

type Outcome = 'downloaded' | 'resumed' | 'skipped';

/** One instance; resumes its .part with a Range. Retries once from scratch on a bad .part. */
async function fetchInstance(
  o: DownloadOptions,
  i: RemoteInstance,
  onBytes: (n: number) => void,
): Promise<Outcome> {
  const target = join(o.dir, i.study, i.series, `${i.sop}.dcm`);
  if ((await sizeOf(target)) !== undefined) return 'skipped';
  await mkdir(dirname(target), { recursive: true });
  const part = `${target}.part`;
  for (let attempt = 0; ; attempt++) {
    const have = (await sizeOf(part)) ?? 0;
    const res = await fetch(`${root(o)}/studies/${i.study}/series/${i.series}/instances/${i.sop}`, {
      headers: {
        authorization: `Bearer ${o.token}`,
        accept: 'application/dicom; transfer-syntax=*',
        ...(have > 0 ? { range: `bytes=${have}-` } : {}),
      },
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (res.status === 416 && have > 0 && attempt === 0) {
      await res.body?.cancel();
      await unlink(part);
      continue;
    }
    if (res.status !== 200 && res.status !== 206) throw await failure(res, `instance ${i.sop}`);
    const resumed = res.status === 206;
    const total = resumed
      ? Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1])
      : Number(res.headers.get('content-length') ?? NaN);
    const body = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
    body.on('data', (c: Buffer) => onBytes(c.length));
    await pipeline(body, createWriteStream(part, { flags: resumed ? 'a' : 'w' }));
    const sha256 = res.headers.get('x-cie-sha256') ?? undefined;
    try {
      await verify(part, i, {
        ...(sha256 ? { sha256 } : {}),
        ...(Number.isFinite(total) ? { size: total } : {}),
      });
    } catch (err) {
      await unlink(part);
      if (resumed && attempt === 0) continue; // a stale .part: start over once
      throw err;
    }
    await rename(part, target);
    return resumed ? 'resumed' : 'downloaded';
  }
}

export async function downloadDataset(o: DownloadOptions): Promise<DownloadSummary> {
  const started = Date.now();
  await mkdir(o.dir, { recursive: true });
  const instances = await listInstances(o);
  const summary: DownloadSummary = {
    dataset: o.slug,
    dir: o.dir,
    instances: instances.length,
    downloaded: 0,
    resumed: 0,
    skipped: 0,
    failed: [],
    bytes: 0,
    durationMs: 0,
    megabytesPerSecond: 0,
  };
  let next = 0;
  let done = 0;
  const report = () => o.onProgress?.({ total: instances.length, done, bytes: summary.bytes });
  const worker = async () => {
    for (let i = instances[next++]; i; i = instances[next++]) {
      try {
        const outcome = await underOwnSignal(o.signal, (signal) =>
          fetchInstance({ ...o, signal }, i, (n) => (summary.bytes += n)),
        );
        summary[outcome]++;
      } catch (err) {
        if (o.signal?.aborted) throw err;
        summary.failed.push({
          sopInstanceUid: i.sop,
          error: err instanceof Error ? err.message : String(err),
        });
      }
      done++;
      report();
    }
  };
  report();
  await Promise.all(Array.from({ length: Math.max(1, o.parallel ?? 4) }, worker));
  summary.durationMs = Date.now() - started;
  summary.megabytesPerSecond =
    Math.round((summary.bytes / 1e6 / Math.max(summary.durationMs / 1000, 0.001)) * 10) / 10;
  return summary;
}
