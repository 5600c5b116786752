/** What the node holds: totals and breakdowns of its index (for `cie node stats` and the demo). */
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { bodyPartCodes, cancerTypeOfCode, cancerTypes, modalityCodes } from '../../model/codes.js';

export interface Breakdown {
  /** The DICOM value or code ("(none)" when absent). */
  value: string;
  /** The catalogue code, when the value maps to one. */
  code: string | null;
  label: string | null;
  series: number;
  instances: number;
}

export interface NodeStats {
  patients: number;
  studies: number;
  series: number;
  instances: number;
  sizeBytes: number;
  rejectedFiles: number;
  byModality: Breakdown[];
  byBodyPart: Breakdown[];
  byCancerType: Array<{ code: string; label: string | null; patients: number }>;
}

export async function nodeStats(db: Kysely<NodeDB>): Promise<NodeStats> {
  const totals = await sql<{
    patients: number;
    studies: number;
    series: number;
    instances: number;
    size: number;
    rejected: number;
  }>`
    select
      (select count(*)::int from patient) as patients,
      (select count(*)::int from study) as studies,
      (select count(*)::int from series) as series,
      (select coalesce(sum(instance_count), 0)::float8 from series) as instances,
      (select coalesce(sum(size_bytes), 0)::float8 from series) as size,
      (select count(*)::int from ingest_rejection) as rejected
  `.execute(db);
  const t = totals.rows[0];
  const byModality = await db
    .selectFrom('series')
    .select([
      sql<string>`coalesce(modality, '(none)')`.as('value'),
      'modality_code as code',
      sql<number>`count(*)::int`.as('series'),
      sql<number>`sum(instance_count)::float8`.as('instances'),
    ])
    .groupBy(['modality', 'modality_code'])
    .orderBy('series', 'desc')
    .execute();
  const byBodyPart = await db
    .selectFrom('series')
    .select([
      sql<string>`coalesce(body_part, '(none)')`.as('value'),
      'body_part_code as code',
      sql<number>`count(*)::int`.as('series'),
      sql<number>`sum(instance_count)::float8`.as('instances'),
    ])
    .groupBy(['body_part', 'body_part_code'])
    .orderBy('series', 'desc')
    .execute();
  const byCancer = await db
    .selectFrom('patient_clinical')
    .select(['diagnosis_code as code', sql<number>`count(*)::int`.as('patients')])
    .where('diagnosis_code', 'is not', null)
    .groupBy('diagnosis_code')
    .orderBy('patients', 'desc')
    .execute();
  const modalityLabel = new Map(Object.values(modalityCodes).map((c) => [c.code, c.label]));
  const bodyLabel = new Map(Object.values(bodyPartCodes).map((c) => [c.code, c.label]));
  return {
    patients: t?.patients ?? 0,
    studies: t?.studies ?? 0,
    series: t?.series ?? 0,
    instances: t?.instances ?? 0,
    sizeBytes: t?.size ?? 0,
    rejectedFiles: t?.rejected ?? 0,
    byModality: byModality.map((r) => ({ ...r, label: r.code ? (modalityLabel.get(r.code) ?? null) : null })),
    byBodyPart: byBodyPart.map((r) => ({ ...r, label: r.code ? (bodyLabel.get(r.code) ?? null) : null })),
    byCancerType: byCancer.map((r) => {
      const type = cancerTypeOfCode(r.code ?? '');
      return { code: r.code ?? '', label: type ? cancerTypes[type].label : null, patients: r.patients };
    }),
  };
}
