/** SQL of the public dashboard: totals and per-value breakdowns over published entries. */
import { sql, type Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';

export interface TotalsRow {
  datasets: number;
  subjects: number;
  studies: number;
  series: number;
  instances: number;
  size_bytes: number;
  providers: number;
  countries: number;
}

export type BreakdownName = 'cancerType' | 'modality' | 'bodyPart' | 'country';

export interface BreakdownRow {
  breakdown: BreakdownName;
  value: string;
  datasets: number;
  subjects: number;
}

/** One statement for the totals (columns only, no JSON is read). */
export async function publishedTotals(db: Kysely<HubDB>): Promise<TotalsRow> {
  const { rows } = await sql<TotalsRow>`
    select count(*)::int as datasets,
           coalesce(sum(subjects), 0)::bigint as subjects,
           coalesce(sum(studies), 0)::bigint as studies,
           coalesce(sum(series), 0)::bigint as series,
           coalesce(sum(instances), 0)::bigint as instances,
           coalesce(sum(size_bytes), 0)::bigint as size_bytes,
           count(distinct provider)::int as providers,
           count(distinct country)::int as countries
    from catalogue_entry where state = 'published'`.execute(db);
  const r = rows[0];
  if (!r) throw new Error('totals query returned no row');
  return r;
}

/** Datasets and subjects per cancer type, modality, body part and country, in one statement. */
export async function publishedBreakdowns(db: Kysely<HubDB>): Promise<BreakdownRow[]> {
  const by = (name: BreakdownName, column: string) =>
    sql`select ${name}::text as breakdown, v as value, count(*)::int as datasets,
               coalesce(sum(subjects), 0)::bigint as subjects
        from catalogue_entry, unnest(${sql.ref(column)}) v where state = 'published' group by v`;
  const { rows } = await sql<BreakdownRow>`
    ${by('cancerType', 'cancer_types')}
    union all ${by('modality', 'modalities')}
    union all ${by('bodyPart', 'body_parts')}
    union all select 'country', country, count(*)::int, coalesce(sum(subjects), 0)::bigint
              from catalogue_entry where state = 'published' and country is not null group by country`.execute(
    db,
  );
  return rows;
}
