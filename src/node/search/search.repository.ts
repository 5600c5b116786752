/**
 * The one SQL statement that answers a search for one collection: the matching patients (and,
 * unless every condition is on the patient, their matching (patient, study, series) rows), then
 * the totals and each stratification (sex, 10-year age band at diagnosis, modality, body part,
 * cancer type) as UNION ALL rows of the same statement.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { fieldKeys } from '../../model/codes.js';
import type { QueryNode } from '../../model/query/query.schema.js';
import { searchFields } from '../../model/search-fields.js';
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

/** Totals and the patient strata (sex, age band, cancer type) over `pp`: one row per matching patient. */
const patientStrata = sql`
    select 'total' as dimension, null::text as value, count(*)::int as subjects, coalesce(sum(studies), 0)::int as studies,
           coalesce(sum(series), 0)::int as series, min(age)::int as age_min, max(age)::int as age_max from pp
    union all select 'sex', sex_code, ${sums} from pp group by 2
    union all select 'age_band', coalesce((floor(age / 10) * 10)::int::text, 'unknown'), ${sums} from pp group by 2
    union all select 'cancer_type', coalesce(diagnosis_code, 'unknown'), ${sums} from pp group by 2`;

/**
 * A query on patient columns only, over the whole index: the matching patients of
 * `search_patient` (migration 0302) carry their study and series counts, and their per-modality
 * and per-body-part counts are rows of `search_patient_stratum` — no series rows are read.
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

/** Bits 1..62 of a bigint carry catalogue codes (bit 63 is the sign). */
const MASK_BITS = 62;

/** A catalogue field's codes as a SQL text[]: a code's position is its bit in the masks below. */
function codeArray(key: string): RawBuilder<string[]> {
  const codes = [...(searchFields.get(key)?.codes.keys() ?? [])].slice(0, MASK_BITS);
  return sql<string[]>`array[${sql.join(codes.length ? codes : [''])}]::text[]`;
}

/**
 * The strata of one dimension's catalogued codes: series counted per code position (`sc`),
 * studies and patients as sums over the distinct masks holding the code's bit (`sm`, `pm`);
 * `g` is the dimension's grouping in those three.
 */
function maskStratum(dimension: Dimension, codes: RawBuilder<string[]>, mask: 'mm' | 'bm', g: number) {
  const bit = sql`(1::bigint << p)`;
  return sql`
    union all select ${dimension}, (${codes})[p],
           (select sum(n) from pm where pm.g = ${g} and pm.${sql.raw(mask)} & ${bit} <> 0)::int,
           (select sum(n) from sm where sm.g = ${g} and sm.${sql.raw(mask)} & ${bit} <> 0)::int,
           n::int, null::int, null::int
    from sc where sc.g = ${g} and p is not null`;
}

/**
 * Any other query: one scan of search_row (no joins), then nested hash aggregation instead of
 * count(distinct …): the matching rows (m) are grouped per (patient, study), then per patient,
 * whose attributes are read from search_patient. Each study and patient carries a bitmask of the
 * modalities and body parts of its matching series (bit = position of the code in the field
 * catalogue), so a stratum's patients and studies are counted over the few distinct masks and its
 * series per code. A code outside the catalogue (never written by ingest) takes the exact nested
 * aggregation per (code, patient, study), then per (code, patient), over its rows only (the
 * matching rows are filtered on such a code before they are unpivoted). Per-study and per-patient
 * counts are cast to int so the sums over them add integers (sum of a bigint adds numerics).
 */
function rowStatement(where: RawBuilder<boolean>, collection: SearchCollection): RawBuilder<Row> {
  const modalities = codeArray(fieldKeys.modality);
  const bodyParts = codeArray(fieldKeys.bodyPart);
  return sql<Row>`
    with m as materialized (
      select r.patient_id, r.study_id, r.series_id, r.modality_code, r.body_part_code,
             array_position(${modalities}, r.modality_code) as mi, array_position(${bodyParts}, r.body_part_code) as bi
      from search_row r
      where ${collection.patientFilter} and ${where}
    ),
    ps as (
      select patient_id, study_id, count(series_id)::int as n,
             coalesce(bit_or(1::bigint << mi), 0) as mm, coalesce(bit_or(1::bigint << bi), 0) as bm
      from m group by 1, 2
    ),
    pq as (select patient_id, count(study_id)::int as studies, sum(n)::int as series, bit_or(mm) as mm, bit_or(bm) as bm from ps group by 1),
    pp as (
      select pq.patient_id, p.sex_code, p.age_at_diagnosis as age, p.diagnosis_code, pq.studies, pq.series
      from pq join search_patient p on p.patient_id = pq.patient_id
    ),
    sc as (select grouping(mi, bi) as g, coalesce(mi, bi) as p, count(*) as n from m group by grouping sets ((mi), (bi))),
    sm as (select grouping(mm, bm) as g, mm, bm, count(*) as n from ps group by grouping sets ((mm), (bm))),
    pm as (select grouping(mm, bm) as g, mm, bm, count(*) as n from pq group by grouping sets ((mm), (bm))),
    u as (
      select x.d, x.v, patient_id, study_id
      from (select * from m where mi is null and modality_code is not null or bi is null and body_part_code is not null) o
      cross join lateral (values ('modality', modality_code, mi), ('body_part', body_part_code, bi)) x(d, v, p)
      where x.v is not null and x.p is null
    ),
    us as (select d, v, patient_id, study_id, count(*) as n from u group by 1, 2, 3, 4),
    up as (select d, v, patient_id, count(*) as studies, sum(n) as series from us group by 1, 2, 3)
    ${patientStrata}
    ${maskStratum('modality', modalities, 'mm', 1)}
    ${maskStratum('body_part', bodyParts, 'bm', 2)}
    union all select d, v, ${sums} from up group by 1, 2`;
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
