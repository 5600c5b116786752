/**
 * The one SQL statement that answers a search for one collection: the matching patients (and,
 * unless every condition is on the patient, their matching (patient, study, series) rows), then
 * the totals and each stratification (sex, 10-year age band at diagnosis, modality, body part,
 * cancer type) as UNION ALL rows of the same statement.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { QueryNode } from '../../model/query/query.schema.js';
import type { SearchCollection } from './collections.js';
import { isPatientLevel, queryCondition } from './query-sql.js';

export const dimensions = ['sex', 'age_band', 'modality', 'body_part', 'cancer_type'] as const;
export type Dimension = (typeof dimensions)[number];

export interface RawCounts {
  subjects: number;
  studies: number;
  series: number;
}

/** A stratum's value: a code (sex, modality, body part, cancer type), a band start ('60'), or 'unknown'. */
export interface RawStratum extends RawCounts {
  value: string;
}

export interface RawSearchResult {
  total: RawCounts & { ageMin: number | null; ageMax: number | null };
  strata: Record<Dimension, RawStratum[]>;
}

interface Row {
  dimension: 'total' | Dimension;
  value: string | null;
  subjects: number;
  studies: number;
  series: number;
  age_min: number | null;
  age_max: number | null;
}

const sums = sql`count(*)::int, sum(studies)::int, sum(series)::int, null::int, null::int`;

/** Totals and the patient strata (sex, age band, cancer type) over \`pp\`: one row per matching patient. */
const patientStrata = sql`
    select 'total' as dimension, null::text as value, count(*)::int as subjects, coalesce(sum(studies), 0)::int as studies,
           coalesce(sum(series), 0)::int as series, min(age)::int as age_min, max(age)::int as age_max from pp
    union all select 'sex', sex_code, ${sums} from pp group by 2
    union all select 'age_band', coalesce((floor(age / 10) * 10)::int::text, 'unknown'), ${sums} from pp group by 2
    union all select 'cancer_type', coalesce(diagnosis_code, 'unknown'), ${sums} from pp group by 2`;

/**
 * A query on patient columns only, over the whole index: the matching patients of
 * \`search_patient\` (migration 0302) carry their study and series counts, and their per-modality
 * and per-body-part counts are rows of \`search_patient_stratum\` — no series rows are read.
 */
function patientStatement(where: RawBuilder<boolean>, collection: SearchCollection): RawBuilder<Row> {
  return sql<Row>`
    with pp as materialized (
      select r.patient_id, r.sex_code, r.age_at_diagnosis as age, r.diagnosis_code, r.studies, r.series
      from search_patient r
      where ${collection.patientFilter} and ${where}
    )
    ${patientStrata}
    union all select s.dimension, s.value, count(*)::int, sum(s.studies)::int, sum(s.series)::int, null::int, null::int
      from search_patient_stratum s join pp on pp.patient_id = s.patient_id group by 1, 2`;
}

/**
 * Any other query: one scan of search_row (no joins), then nested hash aggregation instead of
 * count(distinct …): the matching rows (m) are grouped per (patient, study), then per patient,
 * whose attributes are read from search_patient, and per (modality | body part, patient, study),
 * then per (value, patient); totals and strata are sums over those small tables.
 */
function rowStatement(where: RawBuilder<boolean>, collection: SearchCollection): RawBuilder<Row> {
  return sql<Row>`
    with m as materialized (
      select r.patient_id, r.study_id, r.series_id, r.modality_code, r.body_part_code
      from search_row r
      where ${collection.patientFilter} and ${where}
    ),
    ps as (select patient_id, study_id, count(series_id) as n from m group by 1, 2),
    pq as (select patient_id, count(study_id) as studies, sum(n) as series from ps group by 1),
    pp as (
      select pq.patient_id, p.sex_code, p.age_at_diagnosis as age, p.diagnosis_code, pq.studies, pq.series
      from pq join search_patient p on p.patient_id = pq.patient_id
    ),
    ms as (select modality_code as v, patient_id, study_id, count(*) as n from m where modality_code is not null group by 1, 2, 3),
    mp as (select v, patient_id, count(*) as studies, sum(n) as series from ms group by 1, 2),
    bs as (select body_part_code as v, patient_id, study_id, count(*) as n from m where body_part_code is not null group by 1, 2, 3),
    bp as (select v, patient_id, count(*) as studies, sum(n) as series from bs group by 1, 2)
    ${patientStrata}
    union all select 'modality', v, ${sums} from mp group by 2
    union all select 'body_part', v, ${sums} from bp group by 2`;
}

/** Count the subjects, studies and series of a collection that match a validated query. */
export async function countMatches(
  db: Kysely<NodeDB>,
  query: QueryNode,
  collection: SearchCollection,
): Promise<RawSearchResult> {
  const where = queryCondition(query);
  const statement =
    collection.wholeIndex && isPatientLevel(query)
      ? patientStatement(where, collection)
      : rowStatement(where, collection);
  const { rows } = await statement.execute(db);
  const result: RawSearchResult = {
    total: { subjects: 0, studies: 0, series: 0, ageMin: null, ageMax: null },
    strata: { sex: [], age_band: [], modality: [], body_part: [], cancer_type: [] },
  };
  for (const r of rows) {
    const c = { subjects: r.subjects, studies: r.studies, series: r.series };
    if (r.dimension === 'total') result.total = { ...c, ageMin: r.age_min, ageMax: r.age_max };
    else result.strata[r.dimension].push({ value: r.value ?? 'unknown', ...c });
  }
  for (const d of dimensions)
    result.strata[d].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return result;
}
