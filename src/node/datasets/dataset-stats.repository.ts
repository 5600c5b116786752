/** The statistics of a selection, computed from the index in two statements. */
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { bodyPartCodes, modalityCodes, type SexLetter } from '../../model/codes.js';
import type { DatasetSelection, NodeDatasetStats } from './dataset.schema.js';
import { selectionCondition, type SelectionOptions } from './dataset-selection.js';

const knownModalities = new Set(Object.values(modalityCodes).map((c) => c.code));
const knownBodyParts = new Set(Object.values(bodyPartCodes).map((c) => c.code));

interface TotalsRow {
  subjects: number;
  studies: number;
  series: number;
  instances: number;
  size_bytes: number | null;
  age_min: number | null;
  age_max: number | null;
}

interface ValueRow {
  kind: 'sex' | 'condition' | 'modality' | 'body_part' | 'manufacturer';
  value: string;
}

export async function statsOfSelection(
  db: Kysely<NodeDB>,
  selection: DatasetSelection,
  opts: SelectionOptions = {},
): Promise<NodeDatasetStats> {
  const where = await selectionCondition(db, selection, opts);
  // Age: at diagnosis when the clinical data says so, else the patient's age at the study.
  const { rows } = await sql<TotalsRow>`
    select count(distinct p.id)::int as subjects,
           count(distinct st.id)::int as studies,
           count(distinct se.id)::int as series,
           count(*)::int as instances,
           sum(i.file_size)::bigint as size_bytes,
           min(coalesce(pc.age_at_diagnosis, st.patient_age))::int as age_min,
           max(coalesce(pc.age_at_diagnosis, st.patient_age))::int as age_max
    from instance i
    join series se on se.id = i.series_id
    join study st on st.id = se.study_id
    join patient p on p.id = st.patient_id
    left join patient_clinical pc on pc.patient_id = p.id
    where ${where}
  `.execute(db);
  const t = rows[0];
  const values = await sql<ValueRow>`
    with m as materialized (
      select distinct p.sex, pc.diagnosis_code, se.modality_code, se.body_part_code, se.manufacturer
      from instance i
      join series se on se.id = i.series_id
      join study st on st.id = se.study_id
      join patient p on p.id = st.patient_id
      left join patient_clinical pc on pc.patient_id = p.id
      where ${where}
    )
    select distinct 'sex' as kind, sex as value from m
    union select 'condition', diagnosis_code from m where diagnosis_code is not null
    union select 'modality', modality_code from m where modality_code is not null
    union select 'body_part', body_part_code from m where body_part_code is not null
    union select 'manufacturer', trim(manufacturer) from m where trim(coalesce(manufacturer, '')) <> ''
    order by 1, 2
  `.execute(db);
  const of = (kind: ValueRow['kind']) => values.rows.filter((r) => r.kind === kind).map((r) => r.value);
  return {
    numberOfUniqueIndividuals: t?.subjects ?? 0,
    numberOfRecords: t?.studies ?? 0,
    ...(t?.age_min != null ? { minTypicalAge: Math.max(0, t.age_min) } : {}),
    ...(t?.age_max != null ? { maxTypicalAge: Math.max(0, t.age_max) } : {}),
    sexes: of('sex') as SexLetter[],
    conditions: of('condition').filter((c) => /^SNOMEDCT\d{6,18}$/.test(c)),
    modalities: of('modality').filter((c) => knownModalities.has(c)),
    bodyParts: of('body_part').filter((c) => knownBodyParts.has(c)),
    manufacturers: of('manufacturer'),
    studies: t?.studies ?? 0,
    series: t?.series ?? 0,
    instances: t?.instances ?? 0,
    sizeBytes: Number(t?.size_bytes ?? 0),
  };
}
