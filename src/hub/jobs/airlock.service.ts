/**
 * The review queue of node airlocks, seen from the hub: representatives of a site list the
 * outputs held at their node, look at one (fetched from the node for them alone, never stored
 * here), and release or reject it. The node decides (it counts the approvals its policy needs);
 * the hub records the answer in the job, so the researcher sees released outputs appear.
 */
import { audit } from '../../audit/audit.js';
import { CieError } from '../../errors.js';
import {
  airlockAnswer,
  JOB_AIRLOCK_TASK,
  type AirlockAnswer,
  type SiteOutcome,
} from '../../model/jobs/jobs.js';
import { signAirlockAssertion } from './job-envelope.js';
import { findJobSites, updateJobSite, type JobSiteRecord } from './job.repository.js';
import type { JobsDeps } from './job.service.js';
import type { JobsCaller } from './tool.service.js';

export interface HeldItem {
  job: number;
  site: string;
  siteName: string;
  output: string;
  reasons: string[];
  datasets: string[];
  updatedAt: string;
}

/** Outputs held at the nodes of the caller's organisations. */
export async function airlockQueue(deps: Pick<JobsDeps, 'db'>, caller: JobsCaller): Promise<HeldItem[]> {
  const sites = await findJobSites(deps.db, { organisationIds: caller.user.representativeOf });
  return sites.flatMap((s) =>
    (s.outcome?.withheld ?? [])
      .filter((w) => w.state === 'held')
      .map((w) => ({
        job: s.jobId,
        site: s.organisationSlug,
        siteName: s.organisationName,
        output: w.name,
        reasons: w.reasons,
        datasets: s.datasets.map((d) => d.slug),
        updatedAt: s.updatedAt.toISOString(),
      })),
  );
}

async function heldSite(
  deps: Pick<JobsDeps, 'db'>,
  caller: JobsCaller,
  jobId: number,
  site: string,
): Promise<JobSiteRecord & { outcome: SiteOutcome }> {
  const found = (await findJobSites(deps.db, { jobId })).find((s) => s.organisationSlug === site);
  if (!found || !caller.user.representativeOf.includes(found.organisationId)) {
    throw new CieError('NOT_FOUND', `job ${jobId} has nothing held at ${site} that you review`);
  }
  if (!found.outcome) throw new CieError('CONFLICT', `job ${jobId} has not finished at ${site}`);
  return { ...found, outcome: found.outcome };
}

async function askNode(
  deps: JobsDeps,
  caller: JobsCaller,
  site: JobSiteRecord & { outcome: SiteOutcome },
  output: string,
  action: 'view' | 'release' | 'reject',
): Promise<AirlockAnswer> {
  const t = deps.tunnel;
  const node = t?.tunnel
    .onlineNodes()
    .find((n) => n.organisationId === site.organisationId && n.capabilities.includes(JOB_AIRLOCK_TASK));
  if (!t || !node)
    throw new CieError(
      'NODE_UNAVAILABLE',
      `the node of ${site.organisationName} is offline: its airlock opens when it is back`,
    );
  const assertion = await signAirlockAssertion(t.hubKeys, node.nodeId, caller.user.userId, {
    run: site.outcome.run,
    output,
    action,
    organisation: site.organisationId,
  });
  const answer = airlockAnswer.safeParse(
    await t.tunnel.sendTask(node.nodeId, JOB_AIRLOCK_TASK, { assertion }),
  );
  if (!answer.success)
    throw new CieError('INTERNAL', 'the node answered with something that is not an airlock answer');
  return answer.data;
}

/** The content of a held output, for one of the site's representatives. */
export async function viewHeldOutput(
  deps: JobsDeps,
  caller: JobsCaller,
  r: { job: number; site: string; output: string },
): Promise<AirlockAnswer> {
  const site = await heldSite(deps, caller, r.job, r.site);
  const answer = await askNode(deps, caller, site, r.output, 'view');
  await audit(deps.db, {
    actor: `user:${caller.user.userId}`,
    action: 'job.airlock.view',
    target: `job:${r.job}`,
    ip: caller.ip,
    details: { site: r.site, output: r.output },
  });
  return answer;
}

/** A representative's decision; the job shows the output once the node released it. */
export async function decideHeldOutput(
  deps: JobsDeps,
  caller: JobsCaller,
  r: { job: number; site: string; output: string; decision: 'release' | 'reject' },
): Promise<AirlockAnswer> {
  const site = await heldSite(deps, caller, r.job, r.site);
  if (!site.outcome.withheld.some((w) => w.name === r.output && w.state === 'held')) {
    throw new CieError(
      'ILLEGAL_TRANSITION',
      `${r.output} of job ${r.job} at ${r.site} is not held for review`,
    );
  }
  const answer = await askNode(deps, caller, site, r.output, r.decision);
  const withheld = site.outcome.withheld
    .map((w) => (w.name === r.output && answer.state !== 'held' ? { ...w, state: 'rejected' as const } : w))
    .filter((w) => !(w.name === r.output && answer.state === 'released'));
  const outputs =
    answer.output && answer.state === 'released'
      ? [...site.outcome.outputs, answer.output]
      : site.outcome.outputs;
  const stillHeld = withheld.some((w) => w.state === 'held');
  const outcome: SiteOutcome = {
    ...site.outcome,
    outputs,
    withheld,
    status: stillHeld ? 'held' : 'released',
  };
  await updateJobSite(deps.db, r.job, site.organisationId, { status: outcome.status, outcome });
  await audit(deps.db, {
    actor: `user:${caller.user.userId}`,
    action: `job.airlock.${r.decision}`,
    target: `job:${r.job}`,
    ip: caller.ip,
    details: {
      site: r.site,
      output: r.output,
      state: answer.state,
      approvals: answer.approvals,
      needed: answer.needed,
    },
  });
  deps.events.changed(r.job);
  return answer;
}
