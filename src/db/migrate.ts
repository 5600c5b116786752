/**
 * Ordered, forward-only migrations. Each database role (node, hub) has a folder of files named
 * `NNNN-what.ts`, each exporting `up(db)`. Pending ones run in name order on every start; Kysely
 * records what ran and holds an advisory lock so two processes never migrate at once.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { CieError, errorMessage } from '../errors.js';

export type DatabaseRole = 'node' | 'hub';

const here = dirname(fileURLToPath(import.meta.url));

/** The migration files of a role, in the order they run. */
export function migrationFiles(role: DatabaseRole): string[] {
  const folder = join(here, 'migrations', role);
  return readdirSync(folder)
    .filter((f) => /^\d{4}-[\w-]+\.ts$/.test(f))
    .sort()
    .map((f) => join(folder, f));
}

/**
 * The migrations of one role, each module imported only when it has to run (a start with nothing
 * pending loads none). The import names its folder literally so that the bundled command
 * (scripts/build.ts) carries every migration file.
 */
class FolderMigrations implements MigrationProvider {
  constructor(private readonly role: DatabaseRole) {}
  getMigrations(): Promise<Record<string, Migration>> {
    const names = migrationFiles(this.role).map((f) => basename(f, '.ts'));
    const out: Record<string, Migration> = {};
    for (const name of names) {
      out[name] = {
        up: async (db) => {
          const mod = (await (this.role === 'hub'
            ? import(`./migrations/hub/${name}.ts`)
            : import(`./migrations/node/${name}.ts`))) as Migration;
          await mod.up(db);
        },
      };
    }
    return Promise.resolve(out);
  }
}

export async function migrateToLatest(
  db: Kysely<unknown>,
  role: DatabaseRole,
  schema?: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FolderMigrations(role),
    migrationTableName: 'cie_migration',
    migrationLockTableName: 'cie_migration_lock',
    // Numbers are reserved per feature (docs/development.md), so a feature's new migration may
    // sort before another feature's that already ran; each still runs exactly once.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new CieError('INTERNAL', `database migration ${failed} failed: ${errorMessage(error)}`, undefined, {
      cause: error,
    });
  }
  return (results ?? []).map((r) => r.migrationName);
}
