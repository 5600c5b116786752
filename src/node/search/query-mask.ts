/**
 * A validated query → one SQL bigint expression over a row `r` of `search_patient` (migration
 * 0303): the set of the patient's search rows that satisfy the query, as a bitmask. AND is `&`,
 * OR is `|`; a subtree with conditions on the patient only is evaluated once as a boolean and
 * stands for all of the patient's rows or none; an imaging condition reads the rows of its codes
 * from `r.code_masks`, indexed by the code's id in `search_code`. Rows where a condition is
 * unknown (a series without modality, for `modality ≠ CT`) are not in its set, as SQL's WHERE
 * over the search rows would have it (query-sql.ts), so both give the same counts.
 */
import { sql, type RawBuilder } from 'kysely';
import { CieError } from '../../errors.js';
import type { QueryLeaf, QueryNode } from '../../model/query/query.schema.js';
import { codesContaining } from '../../model/query/validate.js';
import { searchFields, type SearchField } from '../../model/search-fields.js';
import { isPatientLevel, queryCondition } from './query-sql.js';

type Mask = RawBuilder<bigint>;

/** The search_code dimension (and `search_patient` mask column prefix) of each imaging column. */
const dimensionOf = {
  modality_code: 'modality',
  body_part_code: 'body_part',
  manufacturer_code: 'manufacturer',
} as const;

/** The rows of `r` (a `search_patient` row) that match `query`. */
export function queryMask(query: QueryNode, fields: ReadonlyMap<string, SearchField> = searchFields): Mask {
  if (isPatientLevel(query, fields)) {
    return sql<bigint>`(case when ${queryCondition(query, fields)} then r.all_rows else 0 end)`;
  }
  if (query.nodeType === 'leaf') return imagingMask(query, fields);
  const parts = query.children.map((c) => queryMask(c, fields));
  return sql<bigint>`(${sql.join(parts, query.operand === 'AND' ? sql` & ` : sql` | `)})`;
}

function imagingMask(leaf: QueryLeaf, fields: ReadonlyMap<string, SearchField>): Mask {
  const field = fields.get(leaf.key);
  if (!field || field.column.table !== 'series' || field.kind !== 'coded') {
    throw new CieError('INVALID_QUERY', `${leaf.type} on ${leaf.key} is not an imaging condition`);
  }
  const dimension = dimensionOf[field.column.column];
  const rowsOf = (code: string): Mask =>
    sql<bigint>`coalesce(r.code_masks[(select k.id from search_code k where k.dimension = ${dimension} and k.code = ${code})], 0)`;
  const anyOf = (codes: string[]): Mask =>
    codes.length ? sql<bigint>`(${sql.join(codes.map(rowsOf), sql` | `)})` : sql<bigint>`0::bigint`;
  const value = typeof leaf.value === 'string' ? leaf.value : '';
  switch (leaf.type) {
    case 'EQUALS':
      return rowsOf(value);
    case 'NOT_EQUALS':
      return sql<bigint>`(${sql.ref(`r.${dimension}_rows`)} & ~${rowsOf(value)})`;
    case 'IN':
      return anyOf(leaf.value as string[]);
    case 'CONTAINS':
      return anyOf(codesContaining(field, value));
    case 'BETWEEN':
    case 'LOWER_THAN':
    case 'GREATER_THAN':
      throw new CieError('INVALID_QUERY', `${leaf.type} on ${leaf.key} with this value was not validated`);
  }
}
