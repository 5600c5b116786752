/**
 * Federated processing, the wire types both ends share (docs/jobs.md): a tool version as the hub
 * registered and approved it, the job envelope the hub signs for one site, the tunnel tasks, and
 * what a site answers. The node checks everything here itself before anything runs.
 */
import { z } from 'zod';

/** Run one job at a node: payload `{ envelope }`, answer a `SiteOutcome`. */
export const JOB_RUN_TASK = 'jobs.run';
/** A representative's look at, or decision on, an output held in a node's airlock. */
export const JOB_AIRLOCK_TASK = 'jobs.airlock';

/** Longest lifetime of a job envelope (exp - iat), in seconds: it must be used at once. */
export const MAX_ENVELOPE_TTL_S = 300;

export const toolSlug = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, starting with a letter');
export const toolVersion = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/, 'a version like 1.0.0');
export const imageDigest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a digest sha256:<64 hex digits>');

/** An output a tool declares; anything else it writes never leaves the node. */
export const outputDeclaration = z.object({
  /** The file name the tool writes in its output folder. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a plain file name'),
  kind: z.enum(['metrics', 'table', 'file']),
  /** Size limit of this output, in bytes (at most 1 MiB: results, not data). */
  maxBytes: z
    .number()
    .int()
    .positive()
    .max(1024 * 1024),
  /** Media type of a `file` output (text/plain, image/png, application/json). */
  mediaType: z.enum(['text/plain', 'image/png', 'application/json', 'text/csv']).optional(),
  /** Columns of a table (or keys of metrics) that are counts of people or series: each is held to the node's minimum. */
  counts: z.array(z.string().max(100)).max(100).default([]),
  /** A magnitude column and the column of its largest single contribution (dominance check). */
  dominance: z.object({ total: z.string().max(100), largest: z.string().max(100) }).optional(),
});
export type OutputDeclaration = z.infer<typeof outputDeclaration>;

/** How the hub pools one metrics key over sites. */
export const poolingRule = z.union([
  z.literal('sum'),
  z.object({ weightedMean: z.string().max(100) }),
  z.literal('min'),
  z.literal('max'),
]);
export type PoolingRule = z.infer<typeof poolingRule>;

export const toolResources = z.object({
  memoryMb: z.number().int().min(16).max(65_536).default(512),
  cpus: z.number().min(0.1).max(64).default(1),
  pids: z.number().int().min(8).max(4096).default(64),
  /** Wall-clock limit of one run at one site, in seconds. */
  deadlineS: z.number().int().min(1).max(86_400).default(600),
});

export const toolRunner = z.discriminatedUnion('kind', [
  /** Our own code inside the node (docs/jobs.md lists them). */
  z.object({ kind: z.literal('builtin'), builtin: toolSlug }),
  /** An OCI image, pinned by digest; run sandboxed by podman or docker. */
  z.object({ kind: z.literal('container'), image: z.string().min(1).max(512), digest: imageDigest }),
]);
export type ToolRunner = z.infer<typeof toolRunner>;

/** One version of a tool, as registered: what the node is told and checks. */
export const toolSpec = z.object({
  slug: toolSlug,
  version: toolVersion,
  runner: toolRunner,
  /** JSON Schema of the parameters (an object schema). */
  parameters: z.record(z.string(), z.unknown()),
  outputs: z.array(outputDeclaration).min(1).max(20),
  resources: toolResources,
  /** Metrics keys the hub pools over sites, and how. */
  pooling: z.record(z.string(), poolingRule).default({}),
});
export type ToolSpec = z.infer<typeof toolSpec>;

/** A dataset of the job at one site, with the grant the hub found in force for it. */
export const envelopeDataset = z.object({
  /** The node's dataset identifier. */
  identifier: z.string().min(1).max(256),
  grant: z.number().int().positive(),
  grantStartsAt: z.string().datetime(),
  grantEndsAt: z.string().datetime(),
  /** DUO codes of the grant's purpose. */
  purpose: z.array(z.string().max(64)).min(1).max(32),
});

/** The claims of a job envelope besides iss/aud/iat/exp/jti/sub (sub = `user:<id>`). */
export const jobClaims = z.object({
  job: z.number().int().positive(),
  tool: toolSpec,
  /** Who approved this tool version at the hub, and when. */
  approval: z.object({ by: z.string().max(128), at: z.string().datetime() }),
  params: z.record(z.string(), z.unknown()),
  datasets: z.array(envelopeDataset).min(1).max(64),
});
export type JobClaims = z.infer<typeof jobClaims>;

export const jobRunPayload = z.object({
  envelope: z
    .string()
    .min(1)
    .max(256 * 1024),
});

/** An output that passed the node's gate (or its airlock) and left the node. */
export const releasedOutput = z.object({
  name: z.string(),
  kind: z.enum(['metrics', 'table', 'file']),
  mediaType: z.string(),
  /** UTF-8 text, or base64 for binary files. */
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  /** `gate` when the automatic checks passed; else the reviewers who released it. */
  releasedBy: z.array(z.string()),
});
export type ReleasedOutput = z.infer<typeof releasedOutput>;

/** An output the gate did not let through: held for review, or refused outright. */
export const withheldOutput = z.object({
  name: z.string(),
  state: z.enum(['held', 'rejected', 'refused']),
  reasons: z.array(z.string()),
});
export type WithheldOutput = z.infer<typeof withheldOutput>;

export const siteStatuses = [
  'queued',
  'running',
  'released',
  'held',
  'refused',
  'failed',
  'cancelled',
] as const;
export type SiteStatus = (typeof siteStatuses)[number];

/** A site's answer to `jobs.run` (a refusal comes back as a task error with its reason). */
export const siteOutcome = z.object({
  /** released: every output left; held: some wait in the airlock; failed: the tool failed. */
  status: z.enum(['released', 'held', 'failed']),
  reason: z.string().max(4000).optional(),
  /** The node's run id (for the airlock). */
  run: z.number().int().positive(),
  outputs: z.array(releasedOutput),
  withheld: z.array(withheldOutput),
  /** The node's policy on tools, as it applied it (shown to the researcher and representatives). */
  policy: z.string().max(200),
  /** Log lines of the run (the tool's own, the gate's), last ones kept. */
  log: z.array(z.string().max(1000)).max(200),
});
export type SiteOutcome = z.infer<typeof siteOutcome>;

/** `jobs.airlock`: a signed representative's request on one held output. */
export const airlockPayload = z.object({
  /** A hub-signed assertion: sub = user, `rep` = organisation, `run`, `output`, `action`. */
  assertion: z.string().min(1).max(4096),
});
export const airlockClaims = z.object({
  run: z.number().int().positive(),
  output: z.string().max(100),
  action: z.enum(['view', 'release', 'reject']),
  organisation: z.number().int().positive(),
});
export type AirlockClaims = z.infer<typeof airlockClaims>;

export const airlockAnswer = z.object({
  state: z.enum(['held', 'released', 'rejected']),
  /** Reviewers who approved release so far, and how many the site needs. */
  approvals: z.array(z.string()),
  needed: z.number().int().positive(),
  reasons: z.array(z.string()),
  /** The content, for `view` (to the representative only) and once released. */
  output: releasedOutput.optional(),
});
export type AirlockAnswer = z.infer<typeof airlockAnswer>;
