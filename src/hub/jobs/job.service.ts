/**
 * Jobs at the hub: a researcher runs an approved tool version on datasets they hold grants for,
 * at every site that holds one of them. The hub checks what it can (tool approved, parameters,
 * a grant in force per dataset) and refuses with the reason; each node checks again itself.
 */
import { audit } from '../../audit/audit.js';
import { CieError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { ReleasedOutput, SiteStatus, WithheldOutput } from '../../model/jobs/jobs.js';
import { checkParameters } from '../../model/jobs/parameters.js';
import { findActiveGrant } from '../access/grant.repository.js';
import { findEntryBySlug } from '../catalogue/catalogue.repository.js';
import { dispatchJob, type DispatchDeps, type JobEvents } from './job-dispatch.js';
import { findJob, findJobSites, insertJob, listJobIds, type JobSiteDataset } from './job.repository.js';
import { poolSites, type PooledResult } from './pooling.js';
import { findApprovedVersion, findToolVersion } from './tool.repository.js';
import type { JobsCaller } from './tool.service.js';

export interface JobsDeps extends DispatchDeps {
  events: JobEvents;
  logger: Logger;
}

export interface JobSiteView {
  site: string;
  name: string;
  status: SiteStatus;
  reason: string | null;
  datasets: string[];
  outputs: ReleasedOutput[];
  withheld: WithheldOutput[];
  policy: string | null;
  log: string[];
  updatedAt: string;
}

export interface JobView {
  id: number;
  tool: { slug: string; version: string; name: string };
  params: Record<string, unknown>;
  /** running while any site is queued or running; else done. */
  status: 'running' | 'done';
  createdAt: string;
  finishedAt: string | null;
  sites: JobSiteView[];
  pooled: PooledResult | null;
}

export async function createJob(
  deps: JobsDeps,
  caller: JobsCaller,
  input: { tool: string; version?: string | undefined; datasets: string[]; params: Record<string, unknown> },
): Promise<JobView> {
  const actor = `user:${caller.user.userId}`;
  const refuse = async (err: CieError): Promise<never> => {
    await audit(deps.db, {
      actor,
      action: 'job.create',
      outcome: 'denied',
      target: `tool:${input.tool}`,
      ip: caller.ip,
      details: { reason: err.message, datasets: input.datasets },
    });
    throw err;
  };
  const tool = await findApprovedVersion(deps.db, input.tool, input.version);
  if (!tool) {
    return refuse(
      new CieError(
        'NOT_FOUND',
        `no approved version${input.version ? ` ${input.version}` : ''} of tool ${input.tool}: pick one from the tool catalogue`,
      ),
    );
  }
  const checked = checkParameters(tool.spec.parameters, input.params);
  if (!checked.ok) return refuse(new CieError('VALIDATION_FAILED', checked.reason));
  const sites = new Map<number, JobSiteDataset[]>();
  for (const slug of new Set(input.datasets)) {
    const entry = await findEntryBySlug(deps.db, slug);
    if (!entry || entry.origin !== 'node' || entry.organisation_id === null) {
      return refuse(new CieError('NOT_FOUND', `no dataset ${slug} held by a node of this hub`));
    }
    const grant = await findActiveGrant(deps.db, {
      userId: caller.user.userId,
      catalogueEntryId: Number(entry.id),
    });
    if (!grant) {
      return refuse(
        new CieError(
          'FORBIDDEN',
          `you hold no grant in force for dataset ${slug}: request access first (an expired or revoked grant no longer works)`,
        ),
      );
    }
    const org = Number(entry.organisation_id);
    const list = sites.get(org) ?? [];
    list.push({
      slug,
      identifier: entry.identifier,
      entryId: Number(entry.id),
      grantId: grant.id,
      grantStartsAt: grant.startsAt.toISOString(),
      grantEndsAt: grant.endsAt.toISOString(),
      purpose: grant.purpose,
    });
    sites.set(org, list);
  }
  const jobId = await deps.db.transaction().execute(async (trx) => {
    const id = await insertJob(trx, {
      userId: caller.user.userId,
      toolVersionId: tool.id,
      params: checked.params,
      sites,
    });
    await audit(trx, {
      actor,
      action: 'job.create',
      target: `job:${id}`,
      ip: caller.ip,
      details: {
        tool: `${tool.slug}@${tool.spec.version}`,
        datasets: [...new Set(input.datasets)],
        params: checked.params,
      },
    });
    return id;
  });
  const siteRecords = await findJobSites(deps.db, { jobId });
  // The run goes on after this answer; its sites report through the job's status and events.
  void dispatchJob(deps, deps.events, {
    id: jobId,
    userId: caller.user.userId,
    tool,
    params: checked.params,
    sites: siteRecords,
  }).catch((err: unknown) =>
    deps.logger.error({ err: errorMessage(err), job: jobId }, 'job dispatch failed'),
  );
  return jobView(deps, caller, jobId);
}

/** A job as its owner (or an admin) sees it, with the pooled result. */
export async function jobView(deps: Pick<JobsDeps, 'db'>, caller: JobsCaller, id: number): Promise<JobView> {
  const job = await findJob(deps.db, id);
  if (!job || (job.userId !== caller.user.userId && !caller.user.roles.includes('admin'))) {
    throw new CieError('NOT_FOUND', `no job ${id} of yours`);
  }
  const tool = await findToolVersion(deps.db, job.toolVersionId);
  if (!tool) throw new CieError('INTERNAL', `job ${id} names a tool version that is gone`);
  const sites = await findJobSites(deps.db, { jobId: id });
  const metrics = tool.spec.outputs.find((o) => o.kind === 'metrics')?.name;
  return {
    id,
    tool: { slug: tool.slug, version: tool.version, name: tool.name },
    params: job.params,
    status: sites.some((s) => s.status === 'queued' || s.status === 'running') ? 'running' : 'done',
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    sites: sites.map((s) => ({
      site: s.organisationSlug,
      name: s.organisationName,
      status: s.status,
      reason: s.reason,
      datasets: s.datasets.map((d) => d.slug),
      outputs: s.outcome?.outputs ?? [],
      withheld: s.outcome?.withheld ?? [],
      policy: s.outcome?.policy ?? null,
      log: s.outcome?.log ?? [],
      updatedAt: s.updatedAt.toISOString(),
    })),
    pooled: poolSites(
      tool.spec.pooling,
      metrics,
      sites.map((s) => s.outcome?.outputs ?? []),
    ),
  };
}

export async function myJobs(deps: Pick<JobsDeps, 'db'>, caller: JobsCaller): Promise<JobView[]> {
  const ids = await listJobIds(deps.db, caller.user.userId);
  return Promise.all(ids.map((id) => jobView(deps, caller, id)));
}
