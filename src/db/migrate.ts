/**
 * Ordered, forward-only migrations. Each database role (node, hub) has a folder of files named
 * `NNNN-what.ts`, each exporting `up(db)`. Pending ones run in name order on every start; Kysely
 * records what ran and holds an advisory lock so two processes never migrate at once.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { CieError, errorMessage } from '../errors.js';

export type DatabaseRole = 'node' | 'hub';

const here = dirname(fileURLToPath(import.meta.url));

class FolderMigrations implements MigrationProvider {
  constructor(private readonly folder: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(this.folder)
      .filter((f) => /^\d{4}-[\w-]+\.ts$/.test(f))
      .sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      const mod = (await import(pathToFileURL(join(this.folder, f)).href)) as Migration;
      out[f.replace(/\.ts$/, '')] = { up: (db) => mod.up(db) };
    }
    return out;
  }
}

export async function migrateToLatest(
  db: Kysely<unknown>,
  role: DatabaseRole,
  schema?: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FolderMigrations(join(here, 'migrations', role)),
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
