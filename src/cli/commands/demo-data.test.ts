import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = mkdtempSync(join(tmpdir(), 'cie-demo-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

function cie(...args: string[]) {
  return spawnSync(process.execPath, ['bin/cie.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CIE_LOG_LEVEL: 'warn' },
  });
}

test('cie --json demo-data prints a summary that matches the manifest', () => {
  const dir = join(root, 'corpus');
  const r = cie('--json', 'demo-data', dir, '--site', 'cli', '--seed', '5', '--patients', '2', '--with-junk');
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as Record<string, number | string>;
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    site: string;
    seed: number;
    junk: string[];
    patients: Array<{
      pseudonym: string;
      studies: Array<{ series: Array<{ instances: number; bytes: number }> }>;
    }>;
  };
  const series = manifest.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
  assert.equal(summary.patients, 2);
  assert.equal(
    summary.instances,
    series.reduce((n, s) => n + s.instances, 0),
  );
  assert.equal(
    summary.bytes,
    series.reduce((n, s) => n + s.bytes, 0),
  );
  assert.equal(summary.series, series.length);
  assert.equal(typeof summary.instancesPerSecond, 'number');
  assert.equal(manifest.site, 'cli');
  assert.equal(manifest.seed, 5);
  assert.deepEqual(
    manifest.patients.map((p) => p.pseudonym),
    ['CLI-000001', 'CLI-000002'],
  );
  assert.ok(manifest.junk.every((f) => existsSync(join(dir, f))));
});

test('cie demo-data refuses a non-empty directory and bad numbers with a clear message', () => {
  const dir = join(root, 'corpus');
  const again = cie('demo-data', dir, '--site', 'CLI', '--patients', '1');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /CONFLICT: .* is not empty/);
  const badSeed = cie('demo-data', join(root, 'x'), '--site', 'CLI', '--seed', 'abc');
  assert.equal(badSeed.status, 1);
  assert.match(badSeed.stderr, /VALIDATION_FAILED: --seed must be a whole number, not "abc"/);
  assert.equal(existsSync(join(root, 'x')), false);
  const noSite = cie('demo-data', join(root, 'y'));
  assert.notEqual(noSite.status, 0);
  assert.match(noSite.stderr, /--site/);
});
