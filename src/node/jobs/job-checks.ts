/**
 * What a node checks on a job before anything runs, whatever the hub said: every dataset published
 * here, the grant of each in force now with a purpose, the tool a version this node can run with
 * the approved digest, approved by the hub (if this node trusts the hub's approval) or by the node
 * itself, and the parameters valid for the tool's schema.
 */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { builtinDigest, builtinTools } from '../../model/jobs/builtin-tools.js';
import type { JobClaims, ToolSpec } from '../../model/jobs/jobs.js';
import { checkParameters } from '../../model/jobs/parameters.js';
import { findDatasetByIdentifier } from '../datasets/dataset.repository.js';

export interface JobPolicy {
  /** Run tool versions the hub approved (true), or only those approved at this node (false). */
  trustHubApproval: boolean;
  /** Different reviewers who must approve a held output before it leaves (1 or 2). */
  airlockApprovals: number;
}

export interface CheckedJob {
  spec: ToolSpec;
  digest: string;
  params: Record<string, unknown>;
  /** The policy as applied, in words (the researcher and representatives see it). */
  policy: string;
}

const refuse = (reason: string) => new CieError('FORBIDDEN', `job refused: ${reason}`);

export function toolDigest(spec: ToolSpec): string {
  return spec.runner.kind === 'builtin'
    ? builtinDigest(spec.runner.builtin, spec.version)
    : spec.runner.digest;
}

/** The tool version this node would run for the claimed one, or the reason it will not. */
function ownSpec(claimed: ToolSpec): ToolSpec {
  if (claimed.runner.kind === 'container') {
    throw refuse(
      `tool ${claimed.slug} ${claimed.version} needs a container runtime, and this node runs built-in tools only`,
    );
  }
  const id = claimed.runner.builtin;
  const own = builtinTools.find(
    (b) =>
      b.spec.runner.kind === 'builtin' && b.spec.runner.builtin === id && b.spec.version === claimed.version,
  );
  if (!own) throw refuse(`this node has no built-in tool ${id} at version ${claimed.version}`);
  // The node runs its own code with its own declarations: the hub cannot widen what leaves.
  return own.spec;
}

export async function checkJob(
  db: Kysely<NodeDB>,
  policy: JobPolicy,
  claims: JobClaims,
  now = new Date(),
): Promise<CheckedJob> {
  for (const d of claims.datasets) {
    const dataset = await findDatasetByIdentifier(db, d.identifier);
    if (dataset?.state !== 'published') throw refuse(`dataset ${d.identifier} is not published on this node`);
    if (new Date(d.grantStartsAt) > now)
      throw refuse(`grant ${d.grant} on ${d.identifier} has not started yet`);
    if (new Date(d.grantEndsAt) <= now) throw refuse(`grant ${d.grant} on ${d.identifier} has expired`);
  }
  const spec = ownSpec(claims.tool);
  const digest = toolDigest(claims.tool);
  if (digest !== toolDigest(spec)) throw refuse(`tool digest ${digest} is not the one this node runs`);
  let policyText: string;
  if (policy.trustHubApproval) {
    policyText = `trusts the hub's approval (approved by ${claims.approval.by} on ${claims.approval.at.slice(0, 10)})`;
  } else {
    const own = await db
      .selectFrom('job_tool_approval')
      .select(['approved_by', 'approved_at'])
      .where('tool', '=', spec.slug)
      .where('tool_version', '=', spec.version)
      .where('digest', '=', digest)
      .executeTakeFirst();
    if (!own)
      throw refuse(
        `this node has not approved ${spec.slug} ${spec.version} (${digest}); its representatives approve tools themselves`,
      );
    policyText = `approved at this node by ${own.approved_by}`;
  }
  const params = checkParameters(spec.parameters, claims.params);
  if (!params.ok) throw refuse(params.reason);
  return { spec, digest, params: params.params, policy: policyText };
}

/** A node's own approval of a tool version (used when it does not trust the hub's). */
export async function approveToolAtNode(
  db: Kysely<NodeDB>,
  a: { tool: string; version: string; digest: string; by: string },
): Promise<void> {
  await db
    .insertInto('job_tool_approval')
    .values({ tool: a.tool, tool_version: a.version, digest: a.digest, approved_by: a.by })
    .onConflict((oc) => oc.columns(['tool', 'tool_version', 'digest']).doNothing())
    .execute();
}
