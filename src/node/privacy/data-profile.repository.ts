/**
 * The data profile that canonical queries are clipped to (canonical-query.ts): per search field,
 * the distinct codes or numbers the index holds and whether every search row has a value. Read
 * once per index version (`search_state.version`, which grows with every change a search reads)
 * and kept in memory per database, so a search costs one version look-up on top of its counts.
 * A search racing an ingest may clip to the profile of the version before: its canonical query
 * then still runs as written, and the next search uses the new profile.
 */
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { searchFields, type SearchField } from '../../model/search-fields.js';
import type { DataProfile, FieldProfile } from './canonical-query.js';

const cache = new WeakMap<Kysely<NodeDB>, { version: string; profile: DataProfile }>();

export async function dataProfile(
  db: Kysely<NodeDB>,
  fields: ReadonlyMap<string, SearchField> = searchFields,
): Promise<DataProfile> {
  const { rows } = await sql<{
    version: string;
  }>`select version::text as version from search_state where id = 1`.execute(db);
  const version = rows[0]?.version ?? '0';
  const hit = cache.get(db);
  if (hit?.version === version) return hit.profile;
  const profile = await readProfile(db, fields);
  cache.set(db, { version, profile });
  return profile;
}

async function readProfile(
  db: Kysely<NodeDB>,
  fields: ReadonlyMap<string, SearchField>,
): Promise<DataProfile> {
  const profile = new Map<string, FieldProfile>();
  const observed = await sql<{ key: string; code: string | null; num: number | null }>`
    select distinct key, value_code as code, value_num as num from clinical_observation`.execute(db);
  for (const field of fields.values()) {
    if (field.column.table === 'clinical_observation') {
      const mine = observed.rows.filter((r) => r.key === field.key);
      profile.set(field.key, {
        codes: distinctSorted(mine.map((r) => r.code)),
        values: distinctNumbers(mine.map((r) => r.num)),
        complete: false, // a patient may have no observation of the field
      });
      continue;
    }
    const col = sql.ref(field.column.column);
    const { rows } = await sql<{ v: string | number | null; missing: boolean }>`
      select ${col} as v, bool_or(${col} is null) over () as missing from search_row group by ${col}`.execute(
      db,
    );
    const present = rows.map((r) => r.v);
    profile.set(field.key, {
      codes:
        field.kind === 'coded' ? distinctSorted(present.map((v) => (v === null ? null : String(v)))) : [],
      values:
        field.kind === 'number' ? distinctNumbers(present.map((v) => (v === null ? null : Number(v)))) : [],
      complete: rows.length > 0 && !rows.some((r) => r.missing),
    });
  }
  return profile;
}

function distinctSorted(codes: Array<string | null>): string[] {
  return [...new Set(codes.filter((c): c is string => c !== null))].sort();
}

function distinctNumbers(values: Array<number | null>): number[] {
  return [...new Set(values.filter((v): v is number => v !== null && Number.isFinite(v)))].sort(
    (a, b) => a - b,
  );
}
