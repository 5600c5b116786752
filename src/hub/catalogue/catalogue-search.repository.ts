/**
 * Catalogue search in two statements: the page of matching entries (with the total), and every
 * facet's counts. A facet counts entries under all filters except its own, so choosing a value
 * never hides the other values of the same facet.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { facetNames, type FacetName } from '../../model/catalogue-facets.js';
import { ageBands, type CatalogueSearch } from './catalogue-search.schema.js';
import type { CatalogueSearchItem, CatalogueSearchResult } from './catalogue.views.js';

type Condition = RawBuilder<boolean>;
const TRUE: Condition = sql<boolean>`true`;

const arrayColumn: Partial<Record<FacetName, string>> = {
  cancerType: 'cancer_types',
  modality: 'modalities',
  bodyPart: 'body_parts',
  sex: 'sexes',
};
const scalarColumn: Partial<Record<FacetName, string>> = {
  provider: 'provider',
  country: 'country',
  accessRights: 'access_rights',
  licence: 'licence',
};

function filterOf(s: CatalogueSearch, facet: FacetName): Condition {
  const values = s[facet];
  if (!values?.length) return TRUE;
  const arr = arrayColumn[facet];
  if (arr) return sql<boolean>`${sql.ref(arr)} && ${values}::text[]`;
  const col = scalarColumn[facet];
  if (col) return sql<boolean>`${sql.ref(col)} = any(${values}::text[])`;
  const bands = ageBands.filter((b) => values.includes(b.value));
  const parts = bands.map(
    (b) => sql<boolean>`(coalesce(min_age, 0) <= ${b.max} and coalesce(max_age, 200) >= ${b.min})`,
  );
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

const tsQuery = (q: string) => sql`websearch_to_tsquery('english', ${q})`;

function baseCondition(s: CatalogueSearch): Condition {
  return s.q
    ? sql<boolean>`state = 'published' and search @@ ${tsQuery(s.q)}`
    : sql<boolean>`state = 'published'`;
}

function orderBy(s: CatalogueSearch) {
  switch (s.sort) {
    case 'relevance':
      return s.q ? sql`ts_rank(e.search, ${tsQuery(s.q)}) desc, e.slug` : sql`e.title, e.slug`;
    case 'title':
      return sql`e.title, e.slug`;
    case 'subjects':
      return sql`e.subjects desc nulls last, e.slug`;
    case 'updated':
      return sql`e.updated_at desc, e.slug`;
  }
}

interface ItemRow {
  slug: string;
  title: string;
  description: string;
  provider: string;
  country: string | null;
  access_rights: string;
  licence: string;
  subjects: number | null;
  min_age: number | null;
  max_age: number | null;
  cancer_types: string[];
  modalities: string[];
  body_parts: string[];
  updated_at: string;
}

interface FacetRow {
  facet: FacetName;
  value: string;
  n: number;
}

export async function searchEntries(db: Kysely<HubDB>, s: CatalogueSearch): Promise<CatalogueSearchResult> {
  // One statement, one index scan: `b` holds the text matches (facet columns only) with a flag per
  // facet filter; the page, the total and every facet are read from it.
  const all = sql.join(
    facetNames.map((f) => sql`${sql.ref(`f_${f}`)}`),
    sql` and `,
  );
  const except = (facet: FacetName) =>
    sql.join(
      facetNames.filter((f) => f !== facet).map((f) => sql`${sql.ref(`f_${f}`)}`),
      sql` and `,
    );
  const flags = sql.join(
    facetNames.map((f) => sql`${filterOf(s, f)} as ${sql.ref(`f_${f}`)}`),
    sql`, `,
  );
  // A facet without a filter of its own counts the hits themselves (all filters apply): only the
  // facets the user filters on need the wider set of text matches.
  const own = (facet: FacetName) => Boolean(s[facet]?.length);
  const rel = (facet: FacetName) => (own(facet) ? sql`b` : sql`hits`);
  const cond = (facet: FacetName) => (own(facet) ? except(facet) : TRUE);
  const unnestFacet = (facet: FacetName, column: string) =>
    sql`select ${facet}::text as facet, v as value, count(*)::int as n from ${rel(facet)}, unnest(${sql.ref(column)}) v where ${cond(facet)} group by v`;
  const scalarFacet = (facet: FacetName, column: string) =>
    sql`select ${facet}::text, ${sql.ref(column)}, count(*)::int from ${rel(facet)} where ${cond(facet)} and ${sql.ref(column)} is not null group by 2`;
  const bandFacet = sql.join(
    ageBands.map(
      (band) =>
        sql`select 'ageRange', ${band.value}::text, count(*)::int from ${rel('ageRange')} where ${cond('ageRange')} and coalesce(min_age, 0) <= ${band.max} and coalesce(max_age, 200) >= ${band.min} and (min_age is not null or max_age is not null) having count(*) > 0`,
    ),
    sql` union all `,
  );
  const { rows } = await sql<{ page: ItemRow[] | null; total: number; facets: FacetRow[] | null }>`
    with b as materialized (
      select id, cancer_types, modalities, body_parts, sexes, provider, country, access_rights, licence,
             min_age, max_age, ${flags}
      from catalogue_entry
      where ${baseCondition(s)}
    ),
    hits as (select * from b where ${all}),
    page as (
      select h.id, row_number() over (order by ${orderBy(s)}) as ord
      from hits h join catalogue_entry e on e.id = h.id
      order by ${orderBy(s)}
      limit ${s.pageSize} offset ${(s.page - 1) * s.pageSize}
    ),
    facets as (
      ${unnestFacet('cancerType', 'cancer_types')}
      union all ${unnestFacet('modality', 'modalities')}
      union all ${unnestFacet('bodyPart', 'body_parts')}
      union all ${unnestFacet('sex', 'sexes')}
      union all ${scalarFacet('provider', 'provider')}
      union all ${scalarFacet('country', 'country')}
      union all ${scalarFacet('accessRights', 'access_rights')}
      union all ${scalarFacet('licence', 'licence')}
      union all ${bandFacet}
    )
    select
      (select json_agg(json_build_object(
         'slug', e.slug, 'title', e.title, 'description', left(e.metadata->>'description', 400),
         'provider', e.provider, 'country', e.country, 'access_rights', e.access_rights, 'licence', e.licence,
         'subjects', e.subjects, 'min_age', e.min_age, 'max_age', e.max_age, 'cancer_types', e.cancer_types,
         'modalities', e.modalities, 'body_parts', e.body_parts, 'updated_at', e.updated_at) order by p.ord)
       from page p join catalogue_entry e on e.id = p.id) as page,
      (select count(*)::int from hits) as total,
      (select json_agg(json_build_object('facet', facet, 'value', value, 'n', n)) from facets) as facets
  `.execute(db);
  const result = rows[0];
  const facets = Object.fromEntries(
    facetNames.map((f) => [f, []]),
  ) as unknown as CatalogueSearchResult['facets'];
  for (const r of result?.facets ?? []) facets[r.facet].push({ value: r.value, count: r.n });
  for (const f of facetNames) {
    if (f === 'ageRange') continue; // bands keep their natural order
    facets[f].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return {
    total: result?.total ?? 0,
    page: s.page,
    pageSize: s.pageSize,
    items: (result?.page ?? []).map((r): CatalogueSearchItem => ({
      slug: r.slug,
      title: r.title,
      description: r.description,
      provider: r.provider,
      country: r.country,
      accessRights: r.access_rights,
      licence: r.licence,
      subjects: r.subjects,
      minAge: r.min_age,
      maxAge: r.max_age,
      cancerTypes: r.cancer_types,
      modalities: r.modalities,
      bodyParts: r.body_parts,
      updatedAt: new Date(r.updated_at),
    })),
    facets,
  };
}
