/**
 * The one SQL statement that answers a search for one collection: the matching (patient, study,
 * series) rows, then the totals and each stratification (sex, 10-year age band at diagnosis,
 * modality, body part, cancer type) as UNION ALL rows of the same statement.
 */
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { QueryNode } from '../../model/query/query.schema.js';
import type { SearchCollection } from './collections.js';
import { queryCondition } from './query-sql.js';

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

/** Count the subjects, studies and series of a collection that match a validated query. */
export async function countMatches(
  db: Kysely<NodeDB>,
  query: QueryNode,
  collection: SearchCollection,
): Promise<RawSearchResult> {
  const where = queryCondition(query);
  const counts = sql`count(distinct patient_id)::int as subjects, count(distinct study_id)::int as studies, count(distinct series_id)::int as series`;
  const { rows } = await sql<Row>`
    with m as materialized (
      select p.id as patient_id, st.id as study_id, s.id as series_id, p.sex_code,
             pc.age_at_diagnosis as age, pc.diagnosis_code, s.modality_code, s.body_part_code
      from patient p
      left join patient_clinical pc on pc.patient_id = p.id
      left join study st on st.patient_id = p.id
      left join series s on s.study_id = st.id
      where ${collection.patientFilter} and ${where}
    )
    select 'total' as dimension, null::text as value, ${counts}, min(age)::int as age_min, max(age)::int as age_max from m
    union all
    select 'sex', sex_code, ${counts}, null, null from m group by sex_code
    union all
    select 'age_band', coalesce((floor(age / 10) * 10)::int::text, 'unknown'), ${counts}, null, null from m group by 2
    union all
    select 'cancer_type', coalesce(diagnosis_code, 'unknown'), ${counts}, null, null from m group by 2
    union all
    select 'modality', modality_code, ${counts}, null, null from m where modality_code is not null group by 2
    union all
    select 'body_part', body_part_code, ${counts}, null, null from m where body_part_code is not null group by 2
  `.execute(db);
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
