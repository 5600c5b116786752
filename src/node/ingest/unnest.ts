/**
 * Many rows in one statement: each column is ONE array parameter and `unnest` turns the arrays
 * back into rows. A batch of 500 instances is then 13 parameters instead of 6,500, which both
 * PostgreSQL and PGlite parse and plan far faster (PGlite spends most of a multi-row VALUES
 * insert on its parameters).
 */
import { sql, type RawBuilder } from 'kysely';

export type PgArrayType = 'text' | 'int' | 'bigint' | 'float8' | 'date';

type Cell = string | number | null | undefined;

/** A typed array parameter (`$n::text[]` etc.); undefined cells are sent as NULL. */
export function pgArray(type: PgArrayType, values: readonly Cell[]): RawBuilder<unknown> {
  return sql`${values.map((v) => v ?? null)}::${sql.raw(type)}[]`;
}

export const textArray = (values: readonly string[]): RawBuilder<unknown> => pgArray('text', values);
export const bigintArray = (values: readonly number[]): RawBuilder<unknown> => pgArray('bigint', values);

/** `select * from unnest($1::t1[], $2::t2[], …)`: the rows of an INSERT … SELECT. */
export function unnest(columns: ReadonlyArray<readonly [PgArrayType, readonly Cell[]]>): RawBuilder<unknown> {
  return sql`select * from unnest(${sql.join(columns.map(([type, values]) => pgArray(type, values)))})`;
}
