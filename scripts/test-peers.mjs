// The programs that tests run as real peers (dcmtk's tools, pydicom, Orthanc, Chromium, …): how
// to tell each is present, the Debian package that brings it, and which test files need it.
// scripts/run-tests.mjs installs the missing ones where it can (root on Debian, as on a fresh
// machine or in CI) and otherwise leaves out the test files that need them, naming the package
// to install; with CIE_TEST_PEERS=required (.ci/run) a missing peer fails the run instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** Each peer: its Debian package, whether it is here, and the words that show a test uses it. */
export const peers = [
  {
    package: 'dcmtk',
    present: () => onPath('dcmdump') && onPath('storescu'),
    marks: /\b(dcmdump|storescu|echoscu|findscu|getscu|movescu|storescp|dcmsend|dcmcjpeg|dcmdjpeg|dcmdjpls|dcmdrle|img2dcm)\b/,
  },
  { package: 'dicom3tools', present: () => onPath('dciodvfy'), marks: /\bdciodvfy\b/ },
  {
    package: 'python3-pydicom',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import pydicom'], { stdio: 'ignore' }).status === 0,
    marks: /\b(PYTHON|PYDICOM_\w+|pydicomDir|\/usr\/bin\/python3)\b/,
  },
  { package: 'orthanc', present: () => existsSync('/usr/sbin/Orthanc'), marks: /\bstartOrthanc\b/ },
  {
    package: 'orthanc-dicomweb',
    present: () => existsSync('/usr/share/orthanc/plugins/libOrthancDicomWeb.so'),
    marks: /\bstartOrthanc\b/,
  },
  {
    package: 'orthanc-gdcm',
    present: () => existsSync('/usr/share/orthanc/plugins/libOrthancGdcm.so'),
    marks: /\bstartOrthanc\b/,
  },
  { package: 'libgdcm-tools', present: () => onPath('gdcmconv'), marks: /\bgdcmconv\b/ },
  { package: 'libxml2-utils', present: () => onPath('xmllint'), marks: /\bxmllint\b/ },
  { package: 'chromium', present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'), marks: /\blaunchBrowser\b/ },
];

/** The packages of the peers missing here. */
export function missingPackages() {
  return peers.filter((p) => !p.present()).map((p) => p.package);
}

/** Install packages with apt-get where this process may (root, Debian); true when it did. */
export function installPackages(packages) {
  if (packages.length === 0 || process.getuid?.() !== 0 || !onPath('apt-get')) return false;
  process.stderr.write(`installing the test peers that are missing: ${packages.join(' ')}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
  return update.status === 0 && install.status === 0;
}

/** The text of a test file and of the test helpers it imports (test/support, testing/ folders). */
function testSources(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return '';
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  let all = text;
  for (const m of text.matchAll(/from '(\.[^']+)'/g)) {
    const target = resolve(dirname(file), m[1].replace(/\.js$/, '.ts'));
    if (/\/(support|testing)\//.test(target)) all += testSources(target, seen);
  }
  return all;
}

/** The packages, among `missing`, that a test file needs. */
export function packagesNeededBy(file, missing) {
  const text = testSources(resolve(file));
  return peers.filter((p) => missing.includes(p.package) && p.marks.test(text)).map((p) => p.package);
}
