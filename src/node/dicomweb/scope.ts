/**
 * Which instances a DICOMweb caller may see. The node's own local use passes 'all'; the hub relay
 * (a grantee's request with a signed assertion) passes the dataset's restriction. Every QIDO and
 * WADO query applies it in SQL, so an out-of-scope study is indistinguishable from a missing one.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';

export type InstanceScope =
  | 'all'
  | {
      /** Only these studies. */
      studyUids?: ReadonlySet<string>;
      /** Only these series (and their studies). */
      seriesUids?: ReadonlySet<string>;
      /**
       * Any further restriction as SQL over the study row, alias `st` (e.g. membership in a
       * dataset table): built by the caller with Kysely's `sql` tag, so parameterised.
       */
      studyWhere?: RawBuilder<SqlBool>;
    };

const always = sql<SqlBool>`true`;

/** Restriction on the study row (alias st). */
export function studyScopeSql(scope: InstanceScope): RawBuilder<SqlBool> {
  if (scope === 'all') return always;
  const parts: RawBuilder<SqlBool>[] = [];
  if (scope.studyUids) parts.push(sql<SqlBool>`st.study_uid = any(${[...scope.studyUids]}::text[])`);
  if (scope.seriesUids) {
    parts.push(
      sql<SqlBool>`exists (select 1 from series sx where sx.study_id = st.id and sx.series_uid = any(${[...scope.seriesUids]}::text[]))`,
    );
  }
  if (scope.studyWhere) parts.push(scope.studyWhere);
  return parts.length === 0 ? always : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Restriction on a series row under the given alias (the study restriction applies separately). */
export function seriesScopeSql(scope: InstanceScope, alias: string): RawBuilder<SqlBool> {
  if (scope === 'all' || !scope.seriesUids) return always;
  return sql<SqlBool>`${sql.ref(`${alias}.series_uid`)} = any(${[...scope.seriesUids]}::text[])`;
}
