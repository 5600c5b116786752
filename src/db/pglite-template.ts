/**
 * A new embedded database starts from a template: an empty database of its role with every
 * migration applied, dumped once per machine and set of migrations into
 * `node_modules/.cache/cie/pglite/` (initdb and the migrations cost seconds; loading the dump,
 * a fraction of one). The file is named by a hash of PGlite's version and the role's migration
 * files, so a changed or added migration makes a new template; it is written under a temporary
 * name and renamed, so processes creating it at once never read half of one. Where the cache
 * cannot be written (a read-only install) the template lives only in memory.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from './pglite-dialect.js';
import { migrateToLatest, migrationFiles, type DatabaseRole } from './migrate.js';

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/cie/pglite/', import.meta.url));
const PGLITE_VERSION = (
  JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const made = new Map<string, Promise<Blob>>();

function templateKey(role: DatabaseRole): string {
  const h = createHash('sha256').update(`pglite ${PGLITE_VERSION}\n`);
  for (const f of migrationFiles(role)) h.update(`${basename(f)}\n`).update(readFileSync(f));
  return `${role}-${h.digest('hex').slice(0, 16)}`;
}

async function makeTemplate(role: DatabaseRole, file: string): Promise<Blob> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // not made yet on this machine
  }
  const pglite = new PGlite();
  const db = new Kysely<unknown>({ dialect: new PGliteDialect(pglite) });
  try {
    await migrateToLatest(db, role);
    const dump = await pglite.dumpDataDir('none');
    try {
      await mkdir(CACHE, { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
      await rename(partial, file);
    } catch {
      // a read-only install: keep the template in memory only
    }
    return dump;
  } finally {
    await db.destroy();
  }
}

/** The dump of an empty, migrated database of this role (PGlite's `loadDataDir`). */
export function migratedTemplate(role: DatabaseRole): Promise<Blob> {
  const key = templateKey(role);
  let t = made.get(key);
  if (!t) {
    t = makeTemplate(role, `${CACHE}${key}.tar`);
    made.set(key, t);
  }
  return t;
}
