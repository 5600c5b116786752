/**
 * A validated query → one SQL boolean expression over a row `r` of `search_row` (one per
 * patient, study, series; migration 0301), with every value a bound parameter. Patient-level
 * fields read the row's patient columns or `clinical_observation` (a hashed `in (subquery)`),
 * imaging fields read the row's series columns (NULL for a patient or study without series); a
 * subject matches when some row of theirs satisfies the whole expression, so imaging conditions
 * joined by AND hold on the same series (see docs/search.md).
 */
import { sql, type RawBuilder } from 'kysely';
import { CieError } from '../../errors.js';
import { numericBound, codesContaining } from '../../model/query/validate.js';
import type { QueryLeaf, QueryNode } from '../../model/query/query.schema.js';
import { searchFields, type SearchField } from '../../model/search-fields.js';

type Condition = RawBuilder<boolean>;

const TRUE: Condition = sql<boolean>`true`;
const FALSE: Condition = sql<boolean>`false`;

/** The SQL condition of a query; `true` for "everything". */
export function queryCondition(
  query: QueryNode,
  fields: ReadonlyMap<string, SearchField> = searchFields,
): Condition {
  if (query.nodeType === 'leaf') return leafCondition(query, fields);
  if (query.children.length === 0) return TRUE;
  const parts = query.children.map((c) => queryCondition(c, fields));
  return sql<boolean>`(${sql.join(parts, query.operand === 'AND' ? sql` and ` : sql` or `)})`;
}

/**
 * Whether every condition of a query is on the patient (none on a series): such a query holds
 * for all of a patient's rows or for none, so it can be evaluated per patient.
 */
export function isPatientLevel(
  query: QueryNode,
  fields: ReadonlyMap<string, SearchField> = searchFields,
): boolean {
  if (query.nodeType === 'leaf') return fields.get(query.key)?.scope === 'patient';
  return query.children.every((c) => isPatientLevel(c, fields));
}

function num(v: number): RawBuilder<number> {
  return sql<number>`cast(${v} as double precision)`;
}

function codedTest(column: RawBuilder<unknown>, leaf: QueryLeaf, field: SearchField): Condition {
  const v = typeof leaf.value === 'string' ? leaf.value : '';
  switch (leaf.type) {
    case 'EQUALS':
      return sql<boolean>`${column} = ${v}`;
    case 'NOT_EQUALS':
      return sql<boolean>`${column} <> ${v}`;
    case 'IN':
    case 'CONTAINS': {
      const codes = leaf.type === 'IN' ? (leaf.value as string[]) : codesContaining(field, v);
      if (codes.length === 0) return FALSE;
      return sql<boolean>`${column} in (${sql.join(codes)})`;
    }
    case 'BETWEEN':
    case 'LOWER_THAN':
    case 'GREATER_THAN':
      throw invalid(leaf);
  }
}

function numberTest(column: RawBuilder<unknown>, leaf: QueryLeaf): Condition {
  const v = leaf.value;
  switch (leaf.type) {
    case 'EQUALS':
      return sql<boolean>`${column} = ${num(v as number)}`;
    case 'NOT_EQUALS':
      return sql<boolean>`${column} <> ${num(v as number)}`;
    case 'BETWEEN': {
      const r = v as { min?: number; max?: number };
      const parts: Condition[] = [];
      if (r.min !== undefined) parts.push(sql<boolean>`${column} >= ${num(r.min)}`);
      if (r.max !== undefined) parts.push(sql<boolean>`${column} <= ${num(r.max)}`);
      return sql<boolean>`(${sql.join(parts, sql` and `)})`;
    }
    case 'LOWER_THAN':
    case 'GREATER_THAN': {
      const b = numericBound(leaf.type, v);
      if (b === undefined) throw invalid(leaf);
      return leaf.type === 'LOWER_THAN'
        ? sql<boolean>`${column} < ${num(b)}`
        : sql<boolean>`${column} > ${num(b)}`;
    }
    case 'IN':
    case 'CONTAINS':
      throw invalid(leaf);
  }
}

function invalid(leaf: QueryLeaf): CieError {
  return new CieError('INVALID_QUERY', `${leaf.type} on ${leaf.key} with this value was not validated`);
}

function leafCondition(leaf: QueryLeaf, fields: ReadonlyMap<string, SearchField>): Condition {
  const field = fields.get(leaf.key);
  if (!field) throw new CieError('INVALID_QUERY', `unknown search field '${leaf.key}'`);
  const test = (column: RawBuilder<unknown>): Condition =>
    field.kind === 'coded' ? codedTest(column, leaf, field) : numberTest(column, leaf);
  const col = field.column;
  if (col.table !== 'clinical_observation') return test(sql.ref(`r.${col.column}`));
  const value = sql.ref(field.kind === 'coded' ? 'o.value_code' : 'o.value_num');
  return sql<boolean>`r.patient_id in (select o.patient_id from clinical_observation o where o.key = ${field.key} and ${test(value)})`;
}
