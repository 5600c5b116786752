/**
 * One node, one owner of its data. On the embedded database, `cie node run --pacs --dicomweb
 * --watch` serves a site from one process: a study pushed by dcmtk's storescu and the files of a
 * watched folder both come out over its DICOMweb. On PostgreSQL, two processes share one
 * database: a study the PACS receiver stores is at once visible over QIDO-RS from `cie node
 * dicomweb`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { startCie, type CieProcess } from './support/cie-process.js';
import { writeCorpus } from './support/dicom-corpus.js';
import { tempDir } from './support/dicom.js';

const exec = promisify(execFile);
const pacsEnv = { CIE_PACS_ALLOWED_AETS: 'MODALITY', CIE_PACS_STABLE_SECONDS: '0.5' };

/** Push a folder with dcmtk (TCP_NODELAY=1: dcmtk is ~30× slower without it). */
async function storescu(port: number, dir: string): Promise<void> {
  await exec('storescu', ['-aet', 'MODALITY', '-aec', 'CIE', '+sd', '+r', '127.0.0.1', String(port), dir], {
    env: { ...process.env, TCP_NODELAY: '1' },
  });
}

/** StudyInstanceUIDs listed by QIDO-RS. */
async function qidoStudies(url: string): Promise<string[]> {
  const res = await fetch(`${url}/studies`, { headers: { accept: 'application/dicom+json' } });
  if (res.status === 204) return [];
  assert.equal(res.status, 200);
  const list = (await res.json()) as Record<string, { Value?: string[] }>[];
  return list.map((s) => s['0020000D']?.Value?.[0] ?? '').sort();
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A corpus of one study in a fresh folder; returns the folder. */
function oneStudy(offset: number): string {
  const dir = tempDir('cie-run-corpus-');
  writeCorpus(dir, { patients: 1, studiesPerPatient: 1, seriesPerStudy: 1, instancesPerSeries: 3 }, offset);
  return dir;
}

describe('cie node run: PACS, DICOMweb and folder ingest in one process', () => {
  const dataDir = tempDir('cie-run-data-');
  const watched = oneStudy(0);
  const pushed = oneStudy(500);
  let node: CieProcess | undefined;
  after(async () => {
    await node?.stop();
    for (const d of [dataDir, watched, pushed]) rmSync(d, { recursive: true, force: true });
  });

  it('serves the watched folder and a study pushed by C-STORE over its DICOMweb, and stops cleanly', async () => {
    node = startCie(
      ['--data-dir', dataDir, 'node', 'run', '--local', '--pacs', '0', '--dicomweb', '0', '--watch', watched],
      pacsEnv,
    );
    const m = await node.waitFor(/PACS on port (\d+).*DICOMweb at (\S+),/);
    const [pacsPort, dicomweb] = [Number(m[1]), String(m[2])];
    const first = await until(
      'the watched study',
      () => qidoStudies(dicomweb),
      (s) => s.length === 1,
    );
    await storescu(pacsPort, pushed);
    const both = await until(
      'the pushed study',
      () => qidoStudies(dicomweb),
      (s) => s.length === 2,
    );
    assert.ok(first.every((uid) => both.includes(uid)));

    const second = startCie(['--data-dir', dataDir, 'pacs', '--port', '0'], pacsEnv);
    assert.equal(await second.exit, 1);
    assert.match(second.stderr(), new RegExp(`in use by process ${node.child.pid} \\(cie node run`));

    assert.equal(await node.stop(), 0);
  });
});

const url = process.env.TEST_DATABASE_URL;

describe(
  'two node processes on one PostgreSQL database',
  { skip: !url && 'TEST_DATABASE_URL is not set' },
  () => {
    const schema = `t_run_${randomBytes(6).toString('hex')}`;
    const dirs = [tempDir('cie-pg-pacs-'), tempDir('cie-pg-web-')];
    const pushed = oneStudy(700);
    const running: CieProcess[] = [];
    const admin = new pg.Client({ connectionString: url });
    after(async () => {
      for (const p of running) await p.stop();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
      for (const d of [...dirs, pushed]) rmSync(d, { recursive: true, force: true });
    });

    it('shows a study stored by the PACS process over QIDO-RS of the DICOMweb process at once', async () => {
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const databaseUrl = new URL(url ?? '');
      databaseUrl.searchParams.set('options', `-c search_path=${schema}`);
      const env = { ...pacsEnv, DATABASE_URL: databaseUrl.toString() };
      for (const d of dirs) mkdirSync(d, { recursive: true });
      // Both start at once on an empty schema: their migrations must not trip over each other.
      const pacs = startCie(['--log-level', 'info', '--data-dir', dirs[0] ?? '', 'pacs', '--port', '0'], env);
      const web = startCie(['--data-dir', dirs[1] ?? '', 'node', 'dicomweb', '--port', '0'], env);
      running.push(pacs, web);
      const port = Number((await pacs.waitFor(/"port":(\d+)[^\n]*C-STORE SCP listening/))[1]);
      const dicomweb = String((await web.waitFor(/DICOMweb at (\S+) /))[1]);
      assert.deepEqual(await qidoStudies(dicomweb), []);

      await storescu(port, pushed);
      const sent = Date.now();
      const studies = await until(
        'the stored study over QIDO',
        () => qidoStudies(dicomweb),
        (s) => s.length === 1,
      );
      assert.equal(studies.length, 1);
      // Indexed once the study is complete (CIE_PACS_STABLE_SECONDS=0.5), then visible at once.
      assert.ok(Date.now() - sent < 15_000, `visible after ${Date.now() - sent} ms`);
      const files = await until(
        'the stored instances',
        async () => {
          const res = await fetch(`${dicomweb}/studies/${studies[0]}/instances`, {
            headers: { accept: 'application/dicom+json' },
          });
          return ((await res.json()) as unknown[]).length;
        },
        (n) => n === 3,
      );
      assert.equal(files, 3);
    });
  },
);
