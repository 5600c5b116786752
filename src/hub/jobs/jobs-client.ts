/**
 * A client of the hub's job API for scripts and the CLI: run a tool and follow the job's live
 * status (Server-Sent Events) until no site runs, or read a job.
 */
import { CieError, errorCodes, type ErrorCode } from '../../errors.js';
import type { JobView } from './job.service.js';

export interface JobsClientOptions {
  hubUrl: string;
  token: string;
}

async function call<T>(o: JobsClientOptions, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${o.hubUrl.replace(/\/$/, '')}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${o.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!res.ok) {
    const code =
      json.error?.code && json.error.code in errorCodes ? (json.error.code as ErrorCode) : 'INTERNAL';
    throw new CieError(code, json.error?.message ?? `the hub answered ${res.status}`);
  }
  return json as T;
}

export function getJob(o: JobsClientOptions, id: number): Promise<JobView> {
  return call<JobView>(o, 'GET', `/jobs/${id}`);
}

/** Follow a job's events, calling `onChange` with each new view, until it is done. */
export async function followJob(
  o: JobsClientOptions,
  id: number,
  onChange: (v: JobView) => void,
): Promise<JobView> {
  const res = await fetch(`${o.hubUrl.replace(/\/$/, '')}/api/v1/jobs/${id}/events`, {
    headers: { authorization: `Bearer ${o.token}`, accept: 'text/event-stream' },
  });
  if (!res.ok || !res.body) return getJob(o, id);
  const decoder = new TextDecoder();
  let buffer = '';
  let last: JobView | undefined;
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^data: (.*)$/m.exec(event)?.[1];
      if (/^event: job$/m.test(event) && data) {
        last = JSON.parse(data) as JobView;
        onChange(last);
      }
    }
  }
  // The stream ends after `done`; a cut stream is read once more so the caller gets the status.
  return last?.status === 'done' ? last : getJob(o, id);
}

export async function runTool(
  o: JobsClientOptions,
  input: { tool: string; version?: string | undefined; datasets: string[]; params: Record<string, unknown> },
  onChange: (v: JobView) => void,
): Promise<JobView> {
  const created = await call<JobView>(o, 'POST', '/jobs', input);
  onChange(created);
  return followJob(o, created.id, onChange);
}
