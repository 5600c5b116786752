/** The files behind a WADO-RS retrieve, within scope, in series/instance order. */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { seriesScopeSql, studyScopeSql, type InstanceScope } from './scope.js';

export interface InstanceFile {
  study_uid: string;
  series_uid: string;
  sop_instance_uid: string;
  sop_class_uid: string;
  transfer_syntax_uid: string;
  file_path: string;
  file_size: number;
}

export interface RetrieveTarget {
  studyUid: string;
  seriesUid?: string;
  sopInstanceUid?: string;
}

export async function findInstanceFiles(
  db: Kysely<NodeDB>,
  scope: InstanceScope,
  target: RetrieveTarget,
): Promise<InstanceFile[]> {
  const series = target.seriesUid ? sql<SqlBool>`se.series_uid = ${target.seriesUid}` : sql<SqlBool>`true`;
  const sop = target.sopInstanceUid
    ? sql<SqlBool>`i.sop_instance_uid = ${target.sopInstanceUid}`
    : sql<SqlBool>`true`;
  const { rows } = await sql<InstanceFile>`
    select st.study_uid, se.series_uid, i.sop_instance_uid, i.sop_class_uid, i.transfer_syntax_uid,
      i.file_path, i.file_size::float8 as file_size
    from instance i join series se on se.id = i.series_id join study st on st.id = se.study_id
    where st.study_uid = ${target.studyUid} and ${series} and ${sop}
      and ${studyScopeSql(scope)} and ${seriesScopeSql(scope, 'se')}
    order by se.id, i.instance_number nulls last, i.id`.execute(db);
  return rows;
}
