/**
 * Cross-origin access (CORS) to a DICOMweb endpoint, for viewers and notebooks served from
 * another origin: which origins may read answers, and whether they may send credentials
 * (cookies; an `Authorization` header needs no credentials mode). None by default.
 */
import { z } from 'zod';

const origin = z.string().refine((v) => {
  if (v === '*') return true;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v;
  } catch {
    return false;
  }
}, 'an origin is "*" or scheme://host[:port] with no path or trailing slash, e.g. https://viewer.example.org');

export const corsConfigSchema = z
  .object({
    /** Origins allowed to read answers; "*" for any (then without credentials). */
    origins: z.array(origin).default([]),
    /** Allow credentialed requests (cookies) from those origins. */
    credentials: z.coerce.boolean().default(false),
    /** How long a browser may cache a preflight answer, in seconds. */
    maxAgeSeconds: z.coerce.number().int().min(0).max(86_400).default(600),
  })
  .refine((c) => !(c.credentials && c.origins.includes('*')), {
    message: 'credentials cannot be allowed for every origin ("*"): list the origins',
  });
export type CorsConfig = z.infer<typeof corsConfigSchema>;

/** `<PREFIX>_CORS_ORIGINS` (comma-separated), `<PREFIX>_CORS_CREDENTIALS`, `<PREFIX>_CORS_MAX_AGE`. */
export function corsConfigFromEnv(env: NodeJS.ProcessEnv, prefix: string): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    origins: env[`${prefix}_CORS_ORIGINS`]
      ?.split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    credentials:
      env[`${prefix}_CORS_CREDENTIALS`] === undefined
        ? undefined
        : env[`${prefix}_CORS_CREDENTIALS`] === 'true',
    maxAgeSeconds: env[`${prefix}_CORS_MAX_AGE`],
  };
  for (const [k, v] of Object.entries(raw)) if (v === undefined || v === '') delete raw[k];
  return raw;
}
