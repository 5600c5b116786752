/** SQL of jobs and their sites at the hub. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { siteOutcome, type SiteOutcome, type SiteStatus } from '../../model/jobs/jobs.js';

type Db = Kysely<HubDB>;

/** A dataset of a job at one site, with the grant it runs under. */
export interface JobSiteDataset {
  slug: string;
  identifier: string;
  entryId: number;
  grantId: number;
  grantStartsAt: string;
  grantEndsAt: string;
  purpose: string[];
}

export interface JobSiteRecord {
  jobId: number;
  organisationId: number;
  organisationSlug: string;
  organisationName: string;
  datasets: JobSiteDataset[];
  status: SiteStatus;
  reason: string | null;
  outcome: SiteOutcome | null;
  updatedAt: Date;
}

export interface JobRecord {
  id: number;
  userId: number;
  toolVersionId: number;
  params: Record<string, unknown>;
  createdAt: Date;
  finishedAt: Date | null;
}

export async function insertJob(
  db: Db,
  j: {
    userId: number;
    toolVersionId: number;
    params: Record<string, unknown>;
    sites: Map<number, JobSiteDataset[]>;
  },
): Promise<number> {
  const row = await db
    .insertInto('job')
    .values({ user_id: j.userId, tool_version_id: j.toolVersionId, params: JSON.stringify(j.params) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const jobId = Number(row.id);
  await db
    .insertInto('job_site')
    .values(
      [...j.sites].map(([organisationId, datasets]) => ({
        job_id: jobId,
        organisation_id: organisationId,
        datasets: JSON.stringify(datasets),
      })),
    )
    .execute();
  return jobId;
}

export async function findJob(db: Db, id: number): Promise<JobRecord | undefined> {
  const r = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      id: Number(r.id),
      userId: Number(r.user_id),
      toolVersionId: Number(r.tool_version_id),
      params: r.params as Record<string, unknown>,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
    }
  );
}

export async function listJobIds(db: Db, userId: number, limit = 50): Promise<number[]> {
  const rows = await db
    .selectFrom('job')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

export async function findJobSites(
  db: Db,
  q: { jobId?: number; organisationIds?: readonly number[] },
): Promise<JobSiteRecord[]> {
  let query = db
    .selectFrom('job_site as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select([
      's.job_id',
      's.organisation_id',
      'o.slug',
      'o.name',
      's.datasets',
      's.status',
      's.reason',
      's.outcome',
      's.updated_at',
    ])
    .orderBy('s.job_id', 'desc')
    .orderBy('o.slug');
  if (q.jobId !== undefined) query = query.where('s.job_id', '=', q.jobId);
  if (q.organisationIds) {
    if (q.organisationIds.length === 0) return [];
    query = query.where('s.organisation_id', 'in', [...q.organisationIds]);
  }
  return (await query.execute()).map((r) => ({
    jobId: Number(r.job_id),
    organisationId: Number(r.organisation_id),
    organisationSlug: r.slug,
    organisationName: r.name,
    datasets: r.datasets as JobSiteDataset[],
    status: r.status as SiteStatus,
    reason: r.reason,
    outcome: r.outcome === null ? null : siteOutcome.parse(r.outcome),
    updatedAt: r.updated_at,
  }));
}

export async function updateJobSite(
  db: Db,
  jobId: number,
  organisationId: number,
  s: { status: SiteStatus; reason?: string | null; outcome?: SiteOutcome },
): Promise<void> {
  await db
    .updateTable('job_site')
    .set({
      status: s.status,
      updated_at: new Date(),
      ...(s.reason !== undefined ? { reason: s.reason } : {}),
      ...(s.outcome ? { outcome: JSON.stringify(s.outcome), node_run: s.outcome.run } : {}),
    })
    .where('job_id', '=', jobId)
    .where('organisation_id', '=', organisationId)
    .execute();
}

/** Mark the job finished when no site is queued or running any more. */
export async function finishJobIfDone(db: Db, jobId: number): Promise<void> {
  await db
    .updateTable('job')
    .set({ finished_at: new Date() })
    .where('id', '=', jobId)
    .where('finished_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('job_site')
            .select('job_id')
            .where('job_id', '=', jobId)
            .where('status', 'in', ['queued', 'running']),
        ),
      ),
    )
    .execute();
}

/** At start-up: sites a previous hub process left queued or running can never finish. */
export async function failInterruptedSites(db: Db): Promise<number[]> {
  const rows = await db
    .updateTable('job_site')
    .set({
      status: 'failed',
      reason: 'the hub restarted while this site ran: run the job again',
      updated_at: new Date(),
    })
    .where('status', 'in', ['queued', 'running'])
    .returning('job_id')
    .execute();
  const jobs = [...new Set(rows.map((r) => Number(r.job_id)))];
  for (const j of jobs) await finishJobIfDone(db, j);
  return jobs;
}
