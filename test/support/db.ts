/**
 * Test databases: a fresh, migrated, isolated database per call, on PGlite always and on a real
 * PostgreSQL server when TEST_DATABASE_URL is set. PGlite copies are loaded from the migrated
 * template every embedded database starts from (src/db/pglite-template.ts: initdb costs ~3 s, once
 * per machine); PostgreSQL copies get their own schema.
 */
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';
import type { DatabaseRole } from '../../src/db/migrate.js';
import type { HubDB, NodeDB } from '../../src/db/schema.js';

export type Backend = 'pglite' | 'postgres';

/** The backends storage tests must run on here. */
export function backends(): Backend[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openTestDatabase<DB>(role: DatabaseRole, backend: Backend): Promise<Database<DB>> {
  if (backend === 'pglite') {
    return openDatabase<DB>({ role, name: role, dataDir: '', memory: {} });
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${role}_${randomBytes(6).toString('hex')}`;
  const d = await openDatabase<DB>({ role, name: role, dataDir: '', databaseUrl: url, schema });
  return {
    ...d,
    close: async () => {
      await d.close();
      const admin = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
      });
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin);
      await admin.destroy();
    },
  };
}

export const openTestNodeDb = (backend: Backend) => openTestDatabase<NodeDB>('node', backend);
export const openTestHubDb = (backend: Backend) => openTestDatabase<HubDB>('hub', backend);
