/**
 * The hub's JSON API as the web app uses it. Cookie sessions; state-changing requests carry the
 * CSRF token the hub set in the `cie_csrf` cookie. Errors become ApiError with the hub's code.
 */

import type { paths } from './api-types';
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds the hub asks to wait before trying again (its Retry-After header), if any. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)cie_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const t = csrfToken();
    if (t) headers['x-csrf-token'] = t;
  }
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    const retry = Number(res.headers.get('retry-after') ?? Number.NaN);
    throw new ApiError(
      res.status,
      err?.code ?? 'ERROR',
      err?.message ?? `${res.status} ${res.statusText}`,
      Number.isFinite(retry) ? retry : undefined,
    );
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const del = <T>(path: string) => api<T>('DELETE', path);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/**
 * The JSON a route answers with, from the types generated from the hub's OpenAPI document
 * (`npm run api:types`): `ApiResult<'/api/v1/admin/users', 'get'>`. Pages use these instead of
 * copying the server's shapes.
 */
export type ApiResult<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer OK }
    ? Json<OK>
    : R extends { 201: infer Created }
      ? Json<Created>
      : never
  : never;

/** The JSON body a route takes: `ApiBody<'/api/v1/access/requests', 'post'>`. */
export type ApiBody<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? Json<NonNullable<B>>
  : never;

/**
 * A server type as it arrives over JSON: dates become ISO strings. For routes without a response
 * schema, pages name the server's own view type (`Wire<EntryView>`) instead of copying it.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
