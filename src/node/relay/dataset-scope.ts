/**
 * The DICOMweb scope of a published dataset: the studies its selection covers (studies and query
 * selections select whole studies), and for folder selections also the series holding the
 * selected files, so a grantee sees exactly the dataset's data through the existing QIDO/WADO SQL.
 */
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { selectionCondition } from '../datasets/dataset-selection.js';
import { findDatasetByIdentifier } from '../datasets/dataset.repository.js';
import type { InstanceScope } from '../dicomweb/scope.js';

export async function datasetScope(db: Kysely<NodeDB>, identifier: string): Promise<InstanceScope> {
  const dataset = await findDatasetByIdentifier(db, identifier);
  if (dataset?.state !== 'published') {
    throw new CieError('NOT_FOUND', `dataset ${identifier} is not published on this node`);
  }
  const where = await selectionCondition(db, dataset.selection);
  const { rows } = await sql<{ study_uid: string; series_uid: string }>`
    select distinct st.study_uid, se.series_uid
    from instance i
    join series se on se.id = i.series_id
    join study st on st.id = se.study_id
    join patient p on p.id = st.patient_id
    where ${where}
  `.execute(db);
  const studyUids = new Set(rows.map((r) => r.study_uid));
  if (dataset.selection.kind !== 'folder') return { studyUids };
  return { studyUids, seriesUids: new Set(rows.map((r) => r.series_uid)) };
}
