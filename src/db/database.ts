/**
 * Opening a database: PGlite in a data directory by default, a real PostgreSQL server when a URL
 * is given. Each process role (hub, each node) owns its own database; on a shared server each
 * gets its own schema. An embedded data dir is locked to the process that opened it
 * (data-dir-lock.ts). Migrations run before the handle is returned.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type DatabaseIntrospector } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { migrateToLatest, type DatabaseRole } from './migrate.js';
import { migratedTemplate } from './pglite-template.js';
import { SearchPathIntrospector } from './search-path-introspector.js';

// PostgreSQL's int8 and numeric come back as strings by default; counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenDatabaseOptions {
  role: DatabaseRole;
  /** Name of this database inside the data dir (e.g. "node", "hub", "node-oslo"). */
  name: string;
  dataDir: string;
  databaseUrl?: string | undefined;
  /** On a PostgreSQL server: the schema to use (created if missing). Default: public. */
  schema?: string | undefined;
  /** Use an in-memory PGlite, loaded from a dumped data dir (default: the role's template; tests). */
  memory?: { load?: Blob } | undefined;
}

export interface Database<DB> {
  db: Kysely<DB>;
  backend: 'pglite' | 'postgres';
  /** The PGlite instance when embedded (for dumps), else undefined. */
  pglite: PGlite | undefined;
  close(): Promise<void>;
}

/** node-postgres, with introspection that reads only our own schemas (see the introspector). */
class ServerDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}

export async function openDatabase<DB>(opts: OpenDatabaseOptions): Promise<Database<DB>> {
  if (opts.databaseUrl) {
    const schema = opts.schema;
    if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 8,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new ServerDialect({ pool }) });
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await migrateToLatest(db as Kysely<unknown>, opts.role, schema);
    return { db, backend: 'postgres', pglite: undefined, close: () => db.destroy() };
  }
  let pglite: PGlite;
  let lock: DataDirLock | undefined;
  if (opts.memory) {
    pglite = new PGlite({ loadDataDir: opts.memory.load ?? (await migratedTemplate(opts.role)) });
  } else {
    const dir = join(opts.dataDir, opts.name, 'pgdata');
    mkdirSync(dir, { recursive: true });
    lock = lockDataDir(join(opts.dataDir, opts.name));
    const fresh = !existsSync(join(dir, 'PG_VERSION'));
    try {
      pglite = new PGlite(dir, fresh ? { loadDataDir: await migratedTemplate(opts.role) } : {});
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  try {
    await pglite.waitReady;
    await migrateToLatest(db as Kysely<unknown>, opts.role);
  } catch (err) {
    await db.destroy().catch(() => undefined);
    if (!pglite.closed) await pglite.close().catch(() => undefined);
    lock?.release();
    throw err;
  }
  const close = async () => {
    try {
      await db.destroy();
    } finally {
      lock?.release();
    }
  };
  return { db, backend: 'pglite', pglite, close };
}
