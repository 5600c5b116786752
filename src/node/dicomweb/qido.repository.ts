/**
 * The QIDO-RS queries over the node's index. One query per search, parameterised, with the scope
 * applied in SQL; counts and ModalitiesInStudy come from the series rows (instance_count is kept by
 * the ingest), so a study search never touches the instance table.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { Match, QidoSearch } from './qido.params.js';
import { seriesScopeSql, studyScopeSql, type InstanceScope } from './scope.js';

export interface StudyRow {
  study_id: number;
  study_uid: string;
  /** DICOM DA (YYYYMMDD) */
  study_date: string | null;
  study_time: string | null;
  accession_number: string | null;
  study_id_text: string | null;
  referring_physician: string | null;
  study_description: string | null;
  pseudonym: string;
  sex: string;
  patient_name: string | null;
  /** DICOM DA (YYYYMMDD) */
  patient_birth_date: string | null;
}
/** Counts and modalities of a study over its in-scope series. */
export interface StudyAggregates {
  n_series: number;
  n_instances: number;
  modalities: string | null;
}
export type StudyResultRow = StudyRow & StudyAggregates;
export interface SeriesRow extends StudyRow {
  series_id: number;
  series_uid: string;
  modality: string | null;
  series_description: string | null;
  series_number: number | null;
  body_part: string | null;
  manufacturer: string | null;
  model: string | null;
  slice_thickness: number | null;
  instance_count: number;
}
export interface InstanceRow extends SeriesRow {
  instance_id: number;
  sop_instance_uid: string;
  sop_class_uid: string;
  transfer_syntax_uid: string;
  instance_number: number | null;
  rows: number | null;
  columns: number | null;
  frames: number | null;
  bits_allocated: number | null;
  file_path: string;
}

/** Where the search is anchored in the hierarchy (from the URL). */
export interface SearchAnchor {
  studyUid?: string;
  seriesUid?: string;
}

function escapeLike(v: string): string {
  return v
    .replace(/[\\%_]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

function matchSql(m: Match, scope: InstanceScope): RawBuilder<SqlBool> {
  const col = sql.ref(m.attr.column ?? 'st.id');
  switch (m.kind) {
    case 'uid':
      return sql<SqlBool>`${col} = any(${m.values}::text[])`;
    case 'int':
      return sql<SqlBool>`${col} = ${m.value}`;
    case 'range': {
      const isDate = m.attr.match === 'date';
      const lo =
        m.from === undefined ? sql`true` : isDate ? sql`${col} >= ${m.from}::date` : sql`${col} >= ${m.from}`;
      const hi =
        m.to === undefined
          ? sql`true`
          : isDate
            ? sql`${col} <= ${m.to}::date`
            : sql`substr(${col}, 1, ${m.to.length}) <= ${m.to}`;
      return sql<SqlBool>`(${col} is not null and ${lo} and ${hi})`;
    }
    case 'modalities':
      return sql<SqlBool>`exists (select 1 from series sm where sm.study_id = st.id and sm.modality = any(${m.values}::text[]) and ${seriesScopeSql(scope, 'sm')})`;
    case 'text': {
      const one = (v: string): RawBuilder<SqlBool> => {
        if (m.wildcard) {
          return m.caseInsensitive
            ? sql<SqlBool>`${col} ilike ${escapeLike(v)} escape '\\'`
            : sql<SqlBool>`${col} like ${escapeLike(v)} escape '\\'`;
        }
        return m.caseInsensitive ? sql<SqlBool>`lower(${col}) = lower(${v})` : sql<SqlBool>`${col} = ${v}`;
      };
      return sql<SqlBool>`(${sql.join(m.values.map(one), sql` or `)})`;
    }
  }
}

function whereAll(
  search: QidoSearch,
  scope: InstanceScope,
  extra: RawBuilder<SqlBool>[],
): RawBuilder<SqlBool> {
  const parts = [studyScopeSql(scope), ...extra, ...search.matches.map((m) => matchSql(m, scope))];
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

const studyColumns = sql`st.id as study_id, st.study_uid, to_char(st.study_date, 'YYYYMMDD') as study_date, st.study_time, st.accession_number,
  st.study_id_text, st.referring_physician, st.description as study_description, p.pseudonym, p.sex,
  st.patient_name, st.patient_birth_date`;

/** n_series, n_instances, modalities of the row's study (alias st), counting in-scope series only. */
function aggregateColumns(scope: InstanceScope): RawBuilder<unknown> {
  const seScope = seriesScopeSql(scope, 'sc');
  return sql`(select count(*) from series sc where sc.study_id = st.id and ${seScope})::int as n_series,
      (select coalesce(sum(sc.instance_count), 0) from series sc where sc.study_id = st.id and ${seScope})::int as n_instances,
      (select string_agg(distinct sc.modality, '\\') from series sc where sc.study_id = st.id and ${seScope}) as modalities`;
}

/**
 * A page of series or instance rows with their study's aggregates, computed once per study of
 * the page (a page of one series' instances counts its study once, not once per instance).
 */
function withStudyAggregates<T>(
  page: RawBuilder<unknown>,
  scope: InstanceScope,
  order: RawBuilder<unknown>,
): RawBuilder<T & StudyAggregates> {
  return sql<T & StudyAggregates>`
    with pg as (${page}),
    agg as (
      select sc.study_id, count(*)::int as n_series, coalesce(sum(sc.instance_count), 0)::int as n_instances,
        string_agg(distinct sc.modality, '\\') as modalities
      from series sc
      where sc.study_id in (select distinct study_id from pg) and ${seriesScopeSql(scope, 'sc')}
      group by sc.study_id
    )
    select pg.*, coalesce(agg.n_series, 0) as n_series, coalesce(agg.n_instances, 0) as n_instances, agg.modalities
    from pg left join agg on agg.study_id = pg.study_id
    order by ${order}`;
}
const seriesColumns = sql`se.id as series_id, se.series_uid, se.modality, se.description as series_description,
  se.series_number, se.body_part, se.manufacturer, se.model, se.slice_thickness, se.instance_count`;

function page(search: QidoSearch): RawBuilder<unknown> {
  // One extra row tells the service whether more results match than this answer holds.
  return sql`limit ${search.limit + 1} offset ${search.offset}`;
}

export async function findStudies(
  db: Kysely<NodeDB>,
  search: QidoSearch,
  scope: InstanceScope,
): Promise<StudyResultRow[]> {
  const { rows } = await sql<StudyResultRow>`
    select ${studyColumns}, ${aggregateColumns(scope)}
    from study st join patient p on p.id = st.patient_id
    where ${whereAll(search, scope, [])}
    order by st.id
    ${page(search)}`.execute(db);
  return rows;
}

export async function findSeries(
  db: Kysely<NodeDB>,
  search: QidoSearch,
  scope: InstanceScope,
  anchor: SearchAnchor,
  withAggregates: boolean,
): Promise<Array<SeriesRow & Partial<StudyAggregates>>> {
  const extra = [seriesScopeSql(scope, 'se')];
  if (anchor.studyUid) extra.push(sql<SqlBool>`st.study_uid = ${anchor.studyUid}`);
  const query = sql`
    select ${studyColumns}, ${seriesColumns}
    from series se join study st on st.id = se.study_id join patient p on p.id = st.patient_id
    where ${whereAll(search, scope, extra)}
    order by se.id
    ${page(search)}`;
  const { rows } = await (
    withAggregates
      ? withStudyAggregates<SeriesRow>(query, scope, sql`pg.series_id`)
      : sql<SeriesRow>`${query}`
  ).execute(db);
  return rows;
}

export async function findInstances(
  db: Kysely<NodeDB>,
  search: QidoSearch,
  scope: InstanceScope,
  anchor: SearchAnchor,
  withAggregates: boolean,
): Promise<Array<InstanceRow & Partial<StudyAggregates>>> {
  const extra = [seriesScopeSql(scope, 'se')];
  if (anchor.studyUid) extra.push(sql<SqlBool>`st.study_uid = ${anchor.studyUid}`);
  if (anchor.seriesUid) extra.push(sql<SqlBool>`se.series_uid = ${anchor.seriesUid}`);
  const query = sql`
    select ${studyColumns}, ${seriesColumns},
      i.id as instance_id, i.sop_instance_uid, i.sop_class_uid, i.transfer_syntax_uid, i.instance_number,
      i.rows, i.columns, i.frames, i.bits_allocated, i.file_path
    from instance i join series se on se.id = i.series_id join study st on st.id = se.study_id
      join patient p on p.id = st.patient_id
    where ${whereAll(search, scope, extra)}
    order by se.id, i.instance_number nulls last, i.id
    ${page(search)}`;
  const { rows } = await (
    withAggregates
      ? withStudyAggregates<InstanceRow>(
          query,
          scope,
          sql`pg.series_id, pg.instance_number nulls last, pg.instance_id`,
        )
      : sql<InstanceRow>`${query}`
  ).execute(db);
  return rows;
}

/** Whether a study (and series) exists within scope: 404 vs an empty search result. */
export async function anchorExists(
  db: Kysely<NodeDB>,
  scope: InstanceScope,
  anchor: SearchAnchor,
): Promise<boolean> {
  const seriesCond = anchor.seriesUid
    ? sql<SqlBool>`exists (select 1 from series se where se.study_id = st.id and se.series_uid = ${anchor.seriesUid} and ${seriesScopeSql(scope, 'se')})`
    : sql<SqlBool>`true`;
  const { rows } = await sql<{ one: number }>`
    select 1 as one from study st
    where st.study_uid = ${anchor.studyUid ?? ''} and ${studyScopeSql(scope)} and ${seriesCond}`.execute(db);
  return rows.length > 0;
}

/** A representative file per study or series (for includefield attributes not in the index). */
export async function firstInstanceFile(
  db: Kysely<NodeDB>,
  level: 'study' | 'series',
  id: number,
): Promise<string | undefined> {
  const q =
    level === 'study'
      ? sql<{ file_path: string }>`select i.file_path from instance i join series se on se.id = i.series_id
          where se.study_id = ${id} order by se.id, i.instance_number nulls last, i.id limit 1`
      : sql<{ file_path: string }>`select i.file_path from instance i where i.series_id = ${id}
          order by i.instance_number nulls last, i.id limit 1`;
  const { rows } = await q.execute(db);
  return rows[0]?.file_path;
}
