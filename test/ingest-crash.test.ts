/**
 * Crash safety of `cie ingest`: a run killed with SIGKILL after its first batches committed, then
 * started again, ends with exactly the rows of a clean run.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { writeCorpus } from './support/dicom-corpus.js';
import { backends, type Backend } from './support/db.js';

const CIE = join(import.meta.dirname, '..', 'bin', 'cie.mjs');

interface Target {
  args: string[];
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

/** Where one `cie` database lives: a PGlite data dir, or its own schema on the test server. */
async function target(backend: Backend, dir: string, seed?: string): Promise<Target> {
  if (backend === 'pglite') {
    // A copy of one migrated data dir: a new PGlite data dir costs an initdb per process.
    if (seed) cpSync(seed, dir, { recursive: true });
    return { args: ['--data-dir', dir], env: {}, cleanup: () => Promise.resolve() };
  }
  // A database of its own (not a schema): the command migrates the default schema, and Kysely's
  // migrator would take another schema's migration tables for its own.
  const url = process.env.TEST_DATABASE_URL ?? '';
  const name = `t_crash_${randomBytes(5).toString('hex')}`;
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    args: ['--data-dir', dir],
    env: { DATABASE_URL: u.toString() },
    cleanup: async () => {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}

/** Run `cie` to completion; throws with its stderr when it fails. */
async function cie(t: Target, args: string[]): Promise<string> {
  const r = await promisify(execFile)(process.execPath, [CIE, ...t.args, ...args], {
    env: { ...process.env, ...t.env, CIE_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return r.stdout;
}

/** Start an ingest and SIGKILL it once `batches` batches have committed. Returns files committed. */
function ingestAndKill(t: Target, root: string, batches: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CIE, ...t.args, 'ingest', root, '--batch', '10', '--workers', '1'],
      {
        env: { ...process.env, ...t.env, CIE_LOG_LEVEL: 'debug' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let seen = 0;
    let committed = 0;
    let buf = '';
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buf += chunk;
      tail = (tail + chunk).slice(-2000);
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.includes('ingest batch committed')) continue;
        committed = (JSON.parse(line) as { files: number }).files;
        if (++seen === batches) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(committed);
      else reject(new Error(`ingest ended before it was killed (${seen} batches): ${tail}`));
    });
  });
}

interface Counts {
  patients: number;
  studies: number;
  series: number;
  instances: number;
  sizeBytes: number;
}

async function stats(t: Target): Promise<Counts> {
  const s = JSON.parse(await cie(t, ['--json', 'node', 'stats'])) as Counts;
  return {
    patients: s.patients,
    studies: s.studies,
    series: s.series,
    instances: s.instances,
    sizeBytes: s.sizeBytes,
  };
}

for (const backend of backends()) {
  describe(`cie ingest killed with SIGKILL on ${backend}`, () => {
    let tmp: string;
    before(() => {
      tmp = mkdtempSync(join(tmpdir(), 'cie-crash-'));
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    it('resumes to exactly the rows of a clean run', async () => {
      const root = join(tmp, 'corpus');
      const files = writeCorpus(root, {
        patients: 4,
        studiesPerPatient: 2,
        seriesPerStudy: 4,
        instancesPerSeries: 10,
      });
      assert.equal(files, 320);
      let seed: string | undefined;
      if (backend === 'pglite') {
        seed = join(tmp, 'seed');
        await cie(await target(backend, seed), ['db', 'migrate']);
      }
      const clean = await target(backend, join(tmp, 'clean'), seed);
      const crashed = await target(backend, join(tmp, 'crashed'), seed);
      try {
        // The clean run and the crash-and-resume run go side by side (each process pays start-up).
        const cleanRun = (async () => {
          await cie(clean, ['--json', 'ingest', root, '--batch', '10']);
          return stats(clean);
        })();
        const crashRun = (async () => {
          const committed = await ingestAndKill(crashed, root, 3);
          const rerun = JSON.parse(await cie(crashed, ['--json', 'ingest', root, '--batch', '10'])) as {
            new: number;
            unchanged: number;
            rejected: number;
          };
          return { committed, rerun, after: await stats(crashed) };
        })();
        const [expected, { committed, rerun, after }] = await Promise.all([cleanRun, crashRun]);
        assert.equal(expected.instances, 320);
        assert.ok(committed >= 30 && committed < 320, `killed after ${committed} files`);
        // what committed before the kill is kept and skipped; the rest is ingested; nothing twice
        assert.ok(rerun.unchanged >= committed && rerun.unchanged < 320, `${rerun.unchanged} kept`);
        assert.equal(rerun.rejected, 0);
        assert.equal(rerun.new + rerun.unchanged, 320);
        assert.deepEqual(after, expected);
      } finally {
        await clean.cleanup();
        await crashed.cleanup();
      }
    });
  });
}
