/**
 * The `jobs` section of the configuration: the node's own policy on federated processing
 * (docs/jobs.md). Read from CIE_JOBS_*.
 */
import { z } from 'zod';

const bool = z.preprocess(
  (v) => (typeof v === 'string' ? ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()) : v),
  z.boolean(),
);

export const jobsConfigSchema = z.object({
  /**
   * Run tool versions the hub's admins or committee approved (CIE_JOBS_TRUST_HUB, default true);
   * false: only versions this node's representatives approved (`cie node jobs approve`).
   */
  trustHubApproval: bool.default(true),
  /** Different reviewers who must approve a held output before it leaves (CIE_JOBS_AIRLOCK_APPROVALS, 1 or 2). */
  airlockApprovals: z.coerce.number().int().min(1).max(2).default(2),
});
export type JobsConfig = z.infer<typeof jobsConfigSchema>;

export function jobsConfigFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  return { trustHubApproval: env.CIE_JOBS_TRUST_HUB, airlockApprovals: env.CIE_JOBS_AIRLOCK_APPROVALS };
}
