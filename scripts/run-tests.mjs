#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with Node's test runner (tsx loader).
// Extra arguments filter the file list by substring: `npm run test:unit -- ingest`.
// --unhandled-rejections=strict (inherited by each test file's process): a rejection nobody
// handles fails the test even where a library installed an 'unhandledRejection' listener.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { installPackages, missingPackages, packagesNeededBy } from './test-peers.mjs';

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = ['src', 'test']
  .flatMap((d) => find(d, []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Real peers (dcmtk, pydicom, Orthanc, Chromium, …): installed when missing where we may; else
// the files that need them are left out, named with the package to install.
let missing = missingPackages();
if (missing.length > 0 && installPackages(missing)) missing = missingPackages();
const skipped = [];
for (const f of files) {
  const needs = packagesNeededBy(f, missing);
  if (needs.length > 0) skipped.push(`${f}: needs ${needs.join(', ')}`);
}
if (skipped.length > 0) {
  const required = process.env.CIE_TEST_PEERS === 'required';
  console.error(`${required ? 'missing' : 'skipped'} test peers (apt-get install ${missing.join(' ')}):`);
  for (const s of skipped) console.error(`  ${s}`);
  if (required) process.exit(1);
}
const run = files.filter((f) => packagesNeededBy(f, missing).length === 0);

// Tests run the `cie` command as users do: make its compiled bundle current first (bin/cie.mjs
// rebuilds a stale one), rather than in each test's first child process at once.
spawnSync(process.execPath, ['bin/cie.mjs', '--help'], { stdio: 'ignore' });
const r = spawnSync(
  process.execPath,
  [
    '--unhandled-rejections=strict',
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/file-times-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...run,
  ],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
