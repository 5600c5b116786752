/**
 * A client that gives up: GETs on the hub relay aborted at a chosen point (before the answer's
 * headers, as they arrive, in the middle of the body, after the first parts of a multipart
 * answer), and federated searches cancelled or left. For the abort-storm test and bench.
 */
import { request } from 'node:http';
import type { SiteInfo } from './storm-site.js';

export type AbortPoint = 'before-headers' | 'at-headers' | 'mid-body' | 'mid-multipart';

const multipart = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/** Relay paths of dataset a, with the Accept a client sends. */
export function relayTargets(site: SiteInfo): { path: string; accept: string; multipart: boolean }[] {
  const [study = '', series = '', sop = ''] = site.instances[0] ?? [];
  const base = `/dicomweb/datasets/${site.slug}`;
  return [
    { path: `${base}/studies/${study}`, accept: multipart, multipart: true },
    { path: `${base}/studies/${study}/series/${series}`, accept: multipart, multipart: true },
    { path: `${base}/studies/${study}/metadata`, accept: 'application/dicom+json', multipart: false },
    {
      path: `${base}/studies/${study}/series/${series}/instances/${sop}`,
      accept: 'application/dicom; transfer-syntax=*',
      multipart: false,
    },
    {
      path: `${base}/studies/${study}/series/${series}/instances/${sop}/frames/1`,
      accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*',
      multipart: true,
    },
    { path: `${base}/studies`, accept: 'application/dicom+json', multipart: false },
  ];
}

/**
 * One GET that the client abandons at `point` (`at` ∈ [0, 1) picks the moment: delay before
 * headers, or how far into the body). Resolves when the socket is gone, with the status seen.
 */
export function abandonedGet(
  site: SiteInfo,
  target: { path: string; accept: string },
  point: AbortPoint,
  at: number,
): Promise<number | undefined> {
  const u = new URL(site.url);
  return new Promise((resolve) => {
    let status: number | undefined;
    const req = request({
      host: u.hostname,
      port: u.port,
      path: target.path,
      agent: false,
      headers: { authorization: `Bearer ${site.token}`, accept: target.accept },
    });
    req.on('error', () => undefined); // we are the ones cutting it
    req.on('close', () => resolve(status));
    if (point === 'before-headers') setTimeout(() => req.destroy(), Math.floor(at * 12));
    req.on('response', (res) => {
      status = res.statusCode;
      res.on('error', () => undefined);
      if (point === 'at-headers') return req.destroy();
      const length = Number(res.headers['content-length'] ?? 64 * 1024);
      let seen = 0;
      let boundaries = 0;
      res.on('data', (c: Buffer) => {
        seen += c.length;
        if (point === 'mid-body' && seen >= at * length) req.destroy();
        if (point === 'mid-multipart') {
          boundaries += c.toString('latin1').split('\r\n--').length - 1;
          if (boundaries >= 1 + Math.floor(at * 3)) req.destroy();
        }
      });
      res.on('end', () => req.destroy());
    });
    req.end();
  });
}

/** One complete GET: status and body bytes. */
export async function fullGet(
  site: SiteInfo,
  target: { path: string; accept: string },
): Promise<{ status: number; bytes: number }> {
  const res = await fetch(`${site.url}${target.path}`, {
    headers: { authorization: `Bearer ${site.token}`, accept: target.accept },
  });
  return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
}

const everything = { operand: 'AND', children: [] };

/** Start a federated search; resolves with its id. */
export async function startSearch(site: SiteInfo): Promise<string> {
  const res = await fetch(`${site.url}/api/v1/searches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${site.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: everything }),
  });
  if (res.status !== 201) throw new Error(`search refused: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A search the client gives up on: cancelled at once, or its event stream dropped after `ms`. */
export async function abandonedSearch(
  site: SiteInfo,
  how: 'cancel' | 'drop-events',
  ms: number,
): Promise<void> {
  const id = await startSearch(site);
  const auth = { authorization: `Bearer ${site.token}` };
  if (how === 'cancel') {
    await (
      await fetch(`${site.url}/api/v1/searches/${id}`, { method: 'DELETE', headers: auth })
    ).arrayBuffer();
    return;
  }
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), ms);
  try {
    const res = await fetch(`${site.url}/api/v1/searches/${id}/events`, { headers: auth, signal: ac.signal });
    await res.arrayBuffer();
  } catch {
    // aborted: what this client does
  } finally {
    clearTimeout(t);
  }
}

/** A whole search: the total subjects its node answered with (SSE until `done`). */
export async function completeSearch(site: SiteInfo): Promise<string> {
  const id = await startSearch(site);
  const res = await fetch(`${site.url}/api/v1/searches/${id}/events`, {
    headers: { authorization: `Bearer ${site.token}` },
  });
  return res.text();
}
