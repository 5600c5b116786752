/**
 * The one configuration module. Every setting is declared here with its default and a comment, is
 * read from the environment (CIE_*), can be overridden by command-line flags, and is validated
 * before anything starts listening.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { deidConfigFromEnv, deidConfigSchema } from '../dicom/deid/deid.config.js';
import { CieError } from '../errors.js';
import { pacsConfigFromEnv, pacsConfigSchema } from '../node/pacs/pacs.config.js';
import { jobsConfigFromEnv, jobsConfigSchema } from '../node/jobs/jobs.config.js';
import { corsConfigFromEnv, corsConfigSchema } from './cors-config.js';
import { hubConfigSchema, hubConfigFromEnv } from './hub-config.js';

const port = z.coerce.number().int().min(0).max(65535);

/** What a node may reveal in a federated-search answer (docs/privacy.md). */
export const privacySchema = z.object({
  /** Counts below this are reported as the string "< threshold" (CIE_PRIVACY_THRESHOLD). */
  threshold: z.coerce.number().int().min(1).max(1000).default(10),
  /** Reported counts are rounded to a multiple of this (CIE_PRIVACY_ROUND_TO; 1: exact). */
  roundTo: z.coerce.number().int().min(1).max(1000).default(10),
  /** Laplace noise with this epsilon, cached per query (CIE_PRIVACY_EPSILON; unset: no noise). */
  epsilon: z.coerce.number().positive().max(100).optional(),
});
export type PrivacyConfig = z.infer<typeof privacySchema>;

/**
 * Files per ingest transaction. Each batch costs a dozen statements and the search triggers
 * whatever its size: 1,000 ingests 10–20 % faster than 500 (20,000 files, both backends), and
 * bigger batches only delay the first write.
 */
export const DEFAULT_INGEST_BATCH = 1000;

export const configSchema = z.object({
  /** Directory of the embedded database(s) and other local state (CIE_DATA_DIR, --data-dir). */
  dataDir: z.string().min(1).default('./data'),
  /** A real PostgreSQL server instead of the embedded PGlite (DATABASE_URL). Unset: embedded. */
  databaseUrl: z.string().url().optional(),
  /** Log level: fatal, error, warn, info, debug, trace (CIE_LOG_LEVEL). */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Worker threads for DICOM parsing; 0 means one per core (CIE_WORKERS). */
  workers: z.coerce.number().int().min(0).max(256).default(0),
  /** Files per database write batch during ingest (CIE_INGEST_BATCH). */
  ingestBatch: z.coerce.number().int().min(1).max(10000).default(DEFAULT_INGEST_BATCH),
  /** HTTP port of the hub / demo (CIE_PORT, --port). */
  port: port.default(8080),
  /** Address the hub listens on (CIE_HOST). Loopback by default: put a TLS proxy in front. */
  host: z.string().default('127.0.0.1'),
  /** De-identification (PS3.15 Annex E options, site secret…): see src/dicom/deid/deid.config.ts. */
  deid: deidConfigSchema.default(deidConfigSchema.parse({})),
  /** DICOM C-STORE SCP of the node: see src/node/pacs/pacs.config.ts. */
  pacs: pacsConfigSchema.default(pacsConfigSchema.parse({})),
  /** The node's policy on federated processing: see src/node/jobs/jobs.config.ts. */
  jobs: jobsConfigSchema.prefault({}),
  /** Hub server settings: sessions, sign-up, OpenID Connect, rate limits (see hub-config.ts). */
  hub: hubConfigSchema.prefault({}),
  /** The node's privacy policy for search answers. */
  privacy: privacySchema.prefault({}),
  /** CORS of the node's own DICOMweb server (CIE_DICOMWEB_CORS_*; cors-config.ts). */
  dicomwebCors: corsConfigSchema.prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigOverrides = Partial<{ [K in keyof Config]: Config[K] | undefined }>;

/** Read the configuration from the environment, apply flag overrides, validate. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const fromEnv = {
    dataDir: env.CIE_DATA_DIR,
    databaseUrl: env.DATABASE_URL || undefined,
    logLevel: env.CIE_LOG_LEVEL,
    workers: env.CIE_WORKERS,
    ingestBatch: env.CIE_INGEST_BATCH,
    port: env.CIE_PORT,
    host: env.CIE_HOST,
    deid: deidConfigFromEnv(env),
    pacs: pacsConfigFromEnv(env),
    jobs: jobsConfigFromEnv(env),
    hub: hubConfigFromEnv(env),
    dicomwebCors: corsConfigFromEnv(env, 'CIE_DICOMWEB'),
    privacy: {
      threshold: env.CIE_PRIVACY_THRESHOLD,
      roundTo: env.CIE_PRIVACY_ROUND_TO,
      epsilon: env.CIE_PRIVACY_EPSILON || undefined,
    },
  };
  const merged: Record<string, unknown> = { ...fromEnv };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) merged[k] = v;
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CieError('CONFIG_INVALID', `invalid configuration: ${issues.join('; ')}`, { issues });
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
}
