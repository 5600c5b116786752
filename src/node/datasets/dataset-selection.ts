/**
 * Evaluating a dataset's selection against the index. Every selection becomes one SQL condition
 * over the index join (patient p, study st, series se, instance i): folder prefixes select
 * instances, study UIDs select studies, a saved query selects the patients the federated-search
 * executor would count for it (its SQL condition, evaluated in a subquery with its own aliases).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { parseQuery } from '../../model/query/validate.js';
import { queryCondition } from '../search/query-sql.js';
import type { DatasetSelection } from './dataset.schema.js';

/** The patient ids matching a saved federated-search query, when a caller wants another rule. */
export type PatientQueryEvaluator = (db: Kysely<NodeDB>, query: Record<string, unknown>) => Promise<number[]>;

export interface SelectionOptions {
  /** Override the search executor's rule (tests, other collections); default: its SQL. */
  evaluateQuery?: PatientQueryEvaluator | undefined;
}

/** Patients matching a query, by the search executor's own condition over its `search_row r`. */
function queryPatients(query: Record<string, unknown>): RawBuilder<boolean> {
  const condition = queryCondition(parseQuery(query));
  return sql<boolean>`p.id in (select r.patient_id from search_row r where ${condition})`;
}

/** `a_b%` → `a\_b\%`: a folder name is matched literally. */
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The SQL condition, over aliases p, st, se, i, that keeps the rows of this selection. */
export async function selectionCondition(
  db: Kysely<NodeDB>,
  selection: DatasetSelection,
  opts: SelectionOptions = {},
): Promise<RawBuilder<boolean>> {
  switch (selection.kind) {
    case 'folder': {
      const parts = selection.prefixes.map((p) => {
        const folder = p.endsWith('/') ? p : `${p}/`;
        return sql<boolean>`i.file_path like ${`${escapeLike(folder)}%`}`;
      });
      return sql<boolean>`(${sql.join(parts, sql` or `)})`;
    }
    case 'studies':
      return sql<boolean>`st.study_uid = any(${selection.studyUids}::text[])`;
    case 'query': {
      if (!opts.evaluateQuery) return queryPatients(selection.query);
      const ids = await opts.evaluateQuery(db, selection.query);
      return sql<boolean>`p.id = any(${ids}::bigint[])`;
    }
  }
}

/** The patients (ids) that a selection covers. */
export async function selectPatients(
  db: Kysely<NodeDB>,
  selection: DatasetSelection,
  opts: SelectionOptions = {},
): Promise<number[]> {
  const where = await selectionCondition(db, selection, opts);
  const { rows } = await sql<{ id: number }>`
    select distinct p.id::int as id
    from instance i
    join series se on se.id = i.series_id
    join study st on st.id = se.study_id
    join patient p on p.id = st.patient_id
    where ${where}
    order by 1
  `.execute(db);
  return rows.map((r) => r.id);
}
