/** The `cie deid`, `cie deid key export` and `cie phi-scan` commands as a user runs them. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { deidCorpus, tempDir } from '../../../test/support/dicom.js';

const run = promisify(execFile);
const cie = new URL('../../../bin/cie.mjs', import.meta.url).pathname;

async function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [cie, ...args], {
      env: { ...process.env, CIE_LOG_LEVEL: 'warn', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('cie deid / phi-scan commands', () => {
  it('refuses to run without a site secret', async () => {
    const r = await cli(['deid', deidCorpus(), tempDir()], { CIE_DEID_SECRET: '' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /CONFIG_INVALID: no de-identification secret: set CIE_DEID_SECRET/);
  });

  it('de-identifies a folder, prints a JSON summary, keeps and exports the pseudonym key', async () => {
    const out = tempDir();
    const dataDir = tempDir();
    const env = {
      CIE_DEID_SECRET: 'cli-test-secret-000001',
      CIE_DEID_SITE_PREFIX: 'CLI',
      CIE_DEID_KEEP_KEY: 'true',
      CIE_DEID_KEY_PASSPHRASE: 'a cli test passphrase',
      CIE_DATA_DIR: dataDir,
    };
    const r = await cli(['--json', 'deid', deidCorpus(), out], env);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      files: number;
      written: number;
      failed: { file: string; code: string }[];
      failuresByReason: Record<string, number>;
      instancesPerSecond: number;
      mbPerSecond: number;
      patients: number;
    };
    assert.equal(report.failuresByReason.DICOM_INVALID, 3);
    assert.equal(report.written, report.files - 3);
    assert.ok(report.instancesPerSecond > 0 && report.mbPerSecond > 0);
    assert.equal(report.patients, 2, 'one patient plus the file without PatientID');

    const keyFile = join(tempDir(), 'key.csv');
    const k = await cli(['--json', 'deid', 'key', 'export', '--out', keyFile], env);
    assert.equal(k.code, 0, k.stderr);
    const csv = readFileSync(keyFile, 'utf8');
    assert.match(csv, /^pseudonym,patient_id\n/);
    assert.match(csv, /CLI-[A-Z2-7]{12},"MRN-0042-XYZ"/);
    assert.ok(!r.stderr.includes('a cli test passphrase'), 'passphrase never logged');

    const scan = await cli(['--json', 'phi-scan', out], env);
    assert.equal(scan.code, 0, scan.stdout);
    assert.equal((JSON.parse(scan.stdout) as { total: number }).total, 0);
    const orig = await cli(['phi-scan', deidCorpus()], env);
    assert.equal(orig.code, 2);
    assert.match(orig.stdout, /PatientName/);
  });
});
