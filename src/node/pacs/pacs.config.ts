/**
 * The `pacs` section of the configuration: the node's DICOM C-STORE SCP. Read from CIE_PACS_*.
 */
import { z } from 'zod';

const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(z.string()),
);
const bool = z.preprocess(
  (v) => (typeof v === 'string' ? ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()) : v),
  z.boolean(),
);

/** "AE=host:port,AE2=host:port" (or an object) → AE title → address. */
const destinations = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const out: Record<string, { host: string; port: string }> = {};
    for (const entry of v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^([^=]+)=(.+):(\d+)$/.exec(entry);
      out[m?.[1]?.trim() ?? entry] = { host: m?.[2] ?? '', port: m?.[3] ?? '' };
    }
    return out;
  },
  z.record(
    z.string().regex(/^[ -~]{1,16}$/, 'AE title: 1-16 printable characters'),
    z.object({
      host: z.string().min(1, 'expected AE=host:port'),
      port: z.coerce.number().int().min(1).max(65535),
    }),
  ),
);

export const pacsConfigSchema = z.object({
  /** TCP port of the C-STORE SCP (CIE_PACS_PORT). */
  port: z.coerce.number().int().min(0).max(65535).default(11112),
  /** Address the SCP binds (CIE_PACS_HOST). Loopback by default; set the modality-facing address. */
  host: z.string().default('127.0.0.1'),
  /** Our AE title; associations calling another title are rejected (CIE_PACS_AET). */
  aeTitle: z
    .string()
    .regex(/^[ -~]{1,16}$/, 'AE title: 1-16 printable characters')
    .default('CIE'),
  /** Calling AE titles allowed to store (CIE_PACS_ALLOWED_AETS, comma-separated). Empty: none. */
  allowedCallingAeTitles: list.default([]),
  /** Peer addresses allowed (CIE_PACS_ALLOWED_HOSTS, comma-separated). Empty: loopback only. */
  allowedHosts: list.default([]),
  /** De-identify each instance on receipt with the `deid` settings (CIE_PACS_DEID). */
  deidentifyOnReceive: bool.default(false),
  /** Seconds without a new instance after which a study counts as complete (CIE_PACS_STABLE_SECONDS). */
  stableSeconds: z.coerce.number().min(0.1).max(86400).default(60),
  /** Quarantine (do not store) instances with burned-in text risk when de-identifying (CIE_PACS_QUARANTINE). */
  quarantineBurnedIn: bool.default(true),
  /**
   * Where C-MOVE may send: AE title → host and port (CIE_PACS_MOVE_DESTINATIONS,
   * "AE=host:port,…"). A C-MOVE to any other AE is refused (0xA801).
   */
  moveDestinations: destinations.default({}),
});

export type PacsConfig = z.infer<typeof pacsConfigSchema>;

export function pacsConfigFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    port: env.CIE_PACS_PORT,
    host: env.CIE_PACS_HOST,
    aeTitle: env.CIE_PACS_AET,
    allowedCallingAeTitles: env.CIE_PACS_ALLOWED_AETS,
    allowedHosts: env.CIE_PACS_ALLOWED_HOSTS,
    deidentifyOnReceive: env.CIE_PACS_DEID,
    stableSeconds: env.CIE_PACS_STABLE_SECONDS,
    quarantineBurnedIn: env.CIE_PACS_QUARANTINE,
    moveDestinations: env.CIE_PACS_MOVE_DESTINATIONS,
  };
  for (const k of Object.keys(raw)) if (raw[k] === undefined || raw[k] === '') delete raw[k];
  return raw;
}
