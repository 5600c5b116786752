/**
 * Sending a job to its sites: for each site, the online node of its organisation gets a job
 * envelope signed for it alone, runs the job, and answers with its outcome or a refusal. A node
 * offline, a tunnel cut, a deadline passed: each is a site status with its reason, never a hang.
 * Listeners (the live view) hear every change.
 */
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { HubDB } from '../../db/schema.js';
import { CieError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { JOB_RUN_TASK, siteOutcome, type JobClaims, type SiteStatus } from '../../model/jobs/jobs.js';
import type { HubTunnel } from '../tunnel/tunnel.feature.js';
import { signJobEnvelope } from './job-envelope.js';
import { finishJobIfDone, updateJobSite, type JobSiteRecord } from './job.repository.js';
import type { ToolVersionRecord } from './tool.repository.js';

export interface DispatchDeps {
  db: Kysely<HubDB>;
  logger: Logger;
  tunnel?:
    | (Pick<HubTunnel, 'hubKeys'> & { tunnel: Pick<HubTunnel['tunnel'], 'onlineNodes' | 'sendTask'> })
    | undefined;
}

/** Time a node has beyond the tool's own deadline to lay out inputs and check outputs. */
const OVERHEAD_MS = 60_000;

export class JobEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  /** Called on every change of the job's sites; returns the unsubscribe function. */
  subscribe(jobId: number, fn: () => void): () => void {
    this.emitter.on(String(jobId), fn);
    return () => this.emitter.off(String(jobId), fn);
  }
  changed(jobId: number): void {
    this.emitter.emit(String(jobId));
  }
}

export interface DispatchJob {
  id: number;
  userId: number;
  tool: ToolVersionRecord;
  params: Record<string, unknown>;
  sites: JobSiteRecord[];
}

async function setStatus(
  deps: DispatchDeps,
  events: JobEvents,
  job: DispatchJob,
  site: JobSiteRecord,
  s: Parameters<typeof updateJobSite>[3],
): Promise<void> {
  await updateJobSite(deps.db, job.id, site.organisationId, s);
  if (s.status !== 'running') {
    await audit(deps.db, {
      actor: 'system',
      action: 'job.site',
      outcome: s.status === 'refused' ? 'denied' : s.status === 'failed' ? 'failure' : 'success',
      target: `job:${job.id}`,
      details: { site: site.organisationSlug, status: s.status, ...(s.reason ? { reason: s.reason } : {}) },
    });
    await finishJobIfDone(deps.db, job.id);
  }
  events.changed(job.id);
}

async function runSite(
  deps: DispatchDeps,
  events: JobEvents,
  job: DispatchJob,
  site: JobSiteRecord,
): Promise<void> {
  const t = deps.tunnel;
  const node = t?.tunnel
    .onlineNodes()
    .find((n) => n.organisationId === site.organisationId && n.capabilities.includes(JOB_RUN_TASK));
  if (!t || !node) {
    await setStatus(deps, events, job, site, {
      status: 'failed',
      reason: `the node of ${site.organisationName} is offline or does not run jobs: try again later`,
    });
    return;
  }
  const claims: JobClaims = {
    job: job.id,
    tool: job.tool.spec,
    approval: {
      by: job.tool.reviewedBy ?? 'unknown',
      at: (job.tool.reviewedAt ?? job.tool.createdAt).toISOString(),
    },
    params: job.params,
    datasets: site.datasets.map((d) => ({
      identifier: d.identifier,
      grant: d.grantId,
      grantStartsAt: d.grantStartsAt,
      grantEndsAt: d.grantEndsAt,
      purpose: d.purpose,
    })),
  };
  const envelope = await signJobEnvelope(t.hubKeys, node.nodeId, job.userId, claims);
  await setStatus(deps, events, job, site, { status: 'running', reason: null });
  let status: SiteStatus;
  try {
    const answer = await t.tunnel.sendTask(
      node.nodeId,
      JOB_RUN_TASK,
      { envelope },
      {
        deadlineMs: job.tool.spec.resources.deadlineS * 1000 + OVERHEAD_MS,
      },
    );
    const parsed = siteOutcome.safeParse(answer);
    if (!parsed.success)
      throw new CieError('INTERNAL', 'the node answered with something that is not a job outcome');
    status = parsed.data.status;
    await setStatus(deps, events, job, site, {
      status,
      reason: parsed.data.reason ?? null,
      outcome: parsed.data,
    });
  } catch (err) {
    const refused =
      err instanceof CieError &&
      (err.code === 'FORBIDDEN' || err.code === 'VALIDATION_FAILED' || err.code === 'BAD_REQUEST');
    await setStatus(deps, events, job, site, {
      status: refused ? 'refused' : 'failed',
      reason: `${refused ? 'refused by the node' : 'failed'}: ${errorMessage(err)}`,
    });
  }
}

/** Run the job at every site, side by side; resolves when every site has an end status. */
export async function dispatchJob(deps: DispatchDeps, events: JobEvents, job: DispatchJob): Promise<void> {
  await Promise.all(
    job.sites.map((site) =>
      runSite(deps, events, job, site).catch(async (err: unknown) => {
        deps.logger.error({ err: errorMessage(err), job: job.id }, 'job dispatch failed');
        await updateJobSite(deps.db, job.id, site.organisationId, {
          status: 'failed',
          reason: `failed: ${errorMessage(err)}`,
        }).catch(() => undefined);
        await finishJobIfDone(deps.db, job.id).catch(() => undefined);
        events.changed(job.id);
      }),
    ),
  );
}
