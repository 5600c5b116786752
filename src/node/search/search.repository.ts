/**
 * The one SQL statement that answers a search for one collection: the matching rows of each
 * patient — over the whole index as a bitmask per patient (search_patient, migration 0303), for a
 * dataset as its matching (patient, study, series) search rows — then the totals and each
 * stratification (sex, 10-year age band at diagnosis, modality, body part, cancer type) as
 * UNION ALL rows of the same statement.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { fieldKeys } from '../../model/codes.js';
import type { QueryNode } from '../../model/query/query.schema.js';
import { searchFields } from '../../model/search-fields.js';
import type { SearchCollection } from './collections.js';
import { queryMask } from './query-mask.js';
import { queryCondition } from './query-sql.js';
import { dimensions, type Dimension } from '../../model/search-answer.js';

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

/** A 10-year age band at diagnosis ('60' for 60–69) or 'unknown'. */
const ageBand = (age: RawBuilder<unknown>) => sql`coalesce((floor(${age} / 10) * 10)::int::text, 'unknown')`;

/** Totals and the patient strata (sex, age band, cancer type) over `pp`: one row per matching patient. */
const patientStrata = sql`
    select 'total' as dimension, null::text as value, count(*)::int as subjects, coalesce(sum(studies), 0)::int as studies,
           coalesce(sum(series), 0)::int as series, min(age)::int as age_min, max(age)::int as age_max from pp
    union all select 'sex', sex_code, ${sums} from pp group by 2
    union all select 'age_band', ${ageBand(sql.ref('age'))}, ${sums} from pp group by 2
    union all select 'cancer_type', coalesce(diagnosis_code, 'unknown'), ${sums} from pp group by 2`;

/** The number of set bits of a bigint mask, as an int. */
const popcount = (x: RawBuilder<unknown>) => sql`bit_count((${x})::bit(64))::int`;

/**
 * A search over the whole index from the row bitmasks of `search_patient` (migration 0303): one
 * row per patient, whose matching rows `m` come from integer operations (query-mask.ts). One pass
 * over each matching patient's (code, rows) pairs — code 0 holds all its rows — takes `x`, the
 * matching rows of the pair, and counts its studies and series with bit counts, grouped by code
 * and, for code 0, by the patient's sex, age band and cancer type; the totals and strata are sums
 * of those groups. A patient with too many rows for a mask (`all_rows` null) is counted from its
 * search rows by `rowStatement`, and both parts are added up (they count different patients).
 */
function maskStatement(query: QueryNode): RawBuilder<Row> {
  const x = sql.ref('x');
  const studies = popcount(sql`((${x} & study_inner) + study_inner | ${x}) & study_ends`);
  const unmasked = rowStatement(
    queryCondition(query),
    sql<boolean>`r.patient_id = any(array(select patient_id from search_patient where all_rows is null))`,
  );
  const patientOnly = (column: string) => sql`case when id = 0 then ${sql.ref(column)} end`;
  const groupSums = sql`sum(subjects), sum(studies), sum(series), null::int, null::int from g where id = 0`;
  return sql<Row>`
    with g as materialized (
      select id, ${patientOnly('sex_code')} as sex_code, ${patientOnly('age_band')} as age_band,
             ${patientOnly('diagnosis_code')} as diagnosis_code, count(*) as subjects,
             sum(${studies}) as studies, sum(${popcount(sql`${x} & series_rows`)}) as series,
             min(age) as age_min, max(age) as age_max
      from (
        select sex_code, ${ageBand(sql.ref('age'))} as age_band, age, diagnosis_code, study_ends, study_inner,
               series_rows, unnest(strata_codes) as id, m & unnest(strata_masks) as x
        from (
          select r.sex_code, r.age_at_diagnosis as age, r.diagnosis_code, r.study_ends, r.study_inner,
                 r.series_rows, r.strata_codes, r.strata_masks, ${queryMask(query)} as m
          from search_patient r where r.all_rows is not null offset 0
        ) p where m <> 0
      ) u where x <> 0 group by 1, 2, 3, 4
    ),
    parts as (
      select 'total' as dimension, null::text as value, coalesce(sum(subjects), 0) as subjects,
             coalesce(sum(studies), 0) as studies, coalesce(sum(series), 0) as series,
             min(age_min) as age_min, max(age_max) as age_max from g where id = 0
      union all select 'sex', sex_code, ${groupSums} group by 2
      union all select 'age_band', age_band, ${groupSums} group by 2
      union all select 'cancer_type', coalesce(diagnosis_code, 'unknown'), ${groupSums} group by 2
      union all select k.dimension, k.code, subjects, studies, series, null::int, null::int
        from g join search_code k on k.id = g.id
      union all (${unmasked})
    )
    select dimension, value, sum(subjects)::int as subjects, sum(studies)::int as studies, sum(series)::int as series,
           min(age_min)::int as age_min, max(age_max)::int as age_max
    from parts group by 1, 2`;
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
function rowStatement(where: RawBuilder<boolean>, rows: RawBuilder<boolean>): RawBuilder<Row> {
  const modalities = codeArray(fieldKeys.modality);
  const bodyParts = codeArray(fieldKeys.bodyPart);
  return sql<Row>`
    with m as materialized (
      select r.patient_id, r.study_id, r.series_id, r.modality_code, r.body_part_code,
             array_position(${modalities}, r.modality_code) as mi, array_position(${bodyParts}, r.body_part_code) as bi
      from search_row r
      where ${rows} and ${where}
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
  const statement = collection.wholeIndex
    ? maskStatement(query)
    : rowStatement(queryCondition(query), collection.patientFilter);
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
