/** SQL of harvest runs: one row per run of one source, with its counts and report. */
import type { Kysely, Selectable } from 'kysely';
import type { HubDB } from '../../../db/schema.js';
import type { CatalogueHarvestRunTable } from '../catalogue.tables.js';
import type { HarvestSummary } from './harvest.service.js';

export type HarvestRunRow = Selectable<CatalogueHarvestRunTable>;

export async function startHarvestRun(
  db: Kysely<HubDB>,
  source: string,
  trigger: 'schedule' | 'manual',
): Promise<number> {
  const { id } = await db
    .insertInto('catalogue_harvest_run')
    .values({ source, trigger })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function finishHarvestRun(
  db: Kysely<HubDB>,
  id: number,
  result: { summary: HarvestSummary } | { error: string },
): Promise<void> {
  const done = { finished_at: new Date() };
  if ('error' in result) {
    await db
      .updateTable('catalogue_harvest_run')
      .set({ ...done, status: 'failed', error: result.error })
      .where('id', '=', id)
      .execute();
    return;
  }
  const s = result.summary;
  await db
    .updateTable('catalogue_harvest_run')
    .set({
      ...done,
      status: 'ok',
      created: s.created.length,
      updated: s.updated.length,
      unchanged: s.unchanged,
      vanished: s.vanished.length,
      rejected: s.rejected.length,
      report: JSON.stringify(s),
    })
    .where('id', '=', id)
    .execute();
}

/** The latest runs first, optionally of one source. */
export function listHarvestRuns(
  db: Kysely<HubDB>,
  filter: { source?: string | undefined; limit: number },
): Promise<HarvestRunRow[]> {
  let q = db.selectFrom('catalogue_harvest_run').selectAll();
  if (filter.source) q = q.where('source', '=', filter.source);
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export function findHarvestRun(db: Kysely<HubDB>, id: number): Promise<HarvestRunRow | undefined> {
  return db.selectFrom('catalogue_harvest_run').selectAll().where('id', '=', id).executeTakeFirst();
}
