/** SQL of node datasets and their push outbox. */
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { DatasetState } from './dataset.schema.js';
import type { DatasetTable } from './datasets.tables.js';

export type DatasetRow = Selectable<DatasetTable>;

export function insertDataset(db: Kysely<NodeDB>, row: Insertable<DatasetTable>): Promise<DatasetRow> {
  return db.insertInto('dataset').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findDatasetByIdentifier(
  db: Kysely<NodeDB>,
  identifier: string,
): Promise<DatasetRow | undefined> {
  return db.selectFrom('dataset').selectAll().where('identifier', '=', identifier).executeTakeFirst();
}

export function findDatasetById(db: Kysely<NodeDB>, id: number): Promise<DatasetRow | undefined> {
  return db.selectFrom('dataset').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listDatasetRows(db: Kysely<NodeDB>, states?: readonly DatasetState[]): Promise<DatasetRow[]> {
  let q = db.selectFrom('dataset').selectAll().orderBy('identifier');
  if (states) q = q.where('state', 'in', states);
  return q.execute();
}

/** Apply a change and bump the revision, returning the new row. */
export function reviseDataset(
  db: Kysely<NodeDB>,
  id: number,
  patch: Updateable<DatasetTable>,
): Promise<DatasetRow> {
  return db
    .updateTable('dataset')
    .set({ ...patch, revision: sql`revision + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Record that a dataset's record must (again) reach the hub; one row per dataset. */
export async function enqueuePush(
  db: Kysely<NodeDB>,
  datasetId: number,
  revision: number,
  reason: string,
): Promise<void> {
  await db
    .insertInto('dataset_pending_push')
    .values({ dataset_id: datasetId, revision, reason })
    .onConflict((oc) =>
      oc.column('dataset_id').doUpdateSet({ revision, reason, enqueued_at: sql`now()`, last_error: null }),
    )
    .execute();
}

export function pendingPushes(db: Kysely<NodeDB>) {
  return db
    .selectFrom('dataset_pending_push')
    .selectAll()
    .orderBy('enqueued_at')
    .orderBy('dataset_id')
    .execute();
}

/** Done, unless the dataset changed again meanwhile (then the newer revision stays queued). */
export async function markPushed(db: Kysely<NodeDB>, datasetId: number, revision: number): Promise<void> {
  await db
    .deleteFrom('dataset_pending_push')
    .where('dataset_id', '=', datasetId)
    .where('revision', '<=', revision)
    .execute();
}

export async function markPushFailed(db: Kysely<NodeDB>, datasetId: number, error: string): Promise<void> {
  await db
    .updateTable('dataset_pending_push')
    .set({ attempts: sql`attempts + 1`, last_error: error })
    .where('dataset_id', '=', datasetId)
    .execute();
}
