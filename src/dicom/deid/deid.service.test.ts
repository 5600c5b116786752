/**
 * Batch de-identification as a user sees it: real pydicom files and the generated corpus in,
 * outputs read back with pydicom and checked with dciodvfy; references, dates, determinism,
 * bad input.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deidCorpus, PYDICOM_FILES, PYTHON, pydicomDump, tempDir } from '../../../test/support/dicom.js';
import { scanForPhi } from '../phi/phi-scan.js';
import type { DeidConfig } from './deid.config.js';
import { deidentifyTree, listFiles } from './deid.service.js';
import { pseudonymPattern } from './remap.js';

const config = (secret = 'service-test-secret-01', extra: Partial<DeidConfig> = {}): DeidConfig => ({
  secret,
  sitePrefix: 'TST',
  options: [
    'retainLongitudinalModifiedDates',
    'retainPatientCharacteristics',
    'cleanDescriptors',
    'retainSafePrivate',
  ],
  quarantineBurnedIn: true,
  keepPseudonymKey: false,
  ...extra,
});

const realFiles = [
  'CT_small.dcm',
  'MR_small.dcm',
  'MR_small_implicit.dcm',
  'MR_small_bigendian.dcm',
  'MR_small_RLE.dcm',
  'JPEG2000.dcm',
  'rtstruct.dcm',
  'rtplan.dcm',
  'rtdose.dcm',
  'test-SR.dcm',
  'image_dfl.dcm',
  'UN_sequence.dcm',
  'priv_SQ.dcm',
  'waveform_ecg.dcm',
  'liver_1frame.dcm',
];

function dciodvfyErrors(file: string): string[] {
  const r = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  return `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => l.startsWith('Error'))
    .map((l) =>
      l
        .replace(/\s+/g, ' ')
        .replace(/\d+(\.\d+){2,}/g, '<uid>')
        .trim(),
    )
    .sort();
}

const inputs = realFiles.map((f) => join(PYDICOM_FILES, f));
// One run per file: several of these files are the same instance in different syntaxes.
const runs = await Promise.all(
  inputs.map(async (input) => {
    const out = tempDir();
    const report = await deidentifyTree({
      input,
      output: out,
      config: config('real-files-secret-01', { quarantineBurnedIn: false }),
    });
    const files = listFiles(out);
    return { input, report, output: files[0] ?? '', files };
  }),
);
const corpus = deidCorpus();
const out = tempDir();
const report = await deidentifyTree({ input: corpus, output: out, config: config() });

describe("de-identifying Debian pydicom's real test files", () => {
  const outputs = runs.map((r) => r.output);

  it('de-identifies every file, none failing', () => {
    for (const r of runs) {
      assert.deepEqual(r.report.failed, [], r.input);
      assert.equal(r.files.length, 1, r.input);
    }
  });

  it('keeps each transfer syntax and the pixel data byte for byte (pydicom read-back)', () => {
    const before = pydicomDump(inputs);
    const after = pydicomDump(outputs);
    for (const r of runs) {
      const b = before[r.input];
      const a = after[r.output];
      assert.ok(b && a);
      const sop = b.top['00080018']?.value;
      assert.equal(a.top['00080016']?.value, b.top['00080016']?.value, 'SOP class kept');
      if (b.transferSyntax) assert.equal(a.transferSyntax, b.transferSyntax, 'transfer syntax kept');
      assert.equal(a.top['7FE00010']?.value, b.top['7FE00010']?.value, 'pixel data kept');
      if (b.top['7FE00010']) {
        const px = (f: string) =>
          execFileSync(PYTHON, [
            '-c',
            `import pydicom,hashlib,sys; print(hashlib.sha256(pydicom.dcmread(sys.argv[1], force=True).PixelData).hexdigest())`,
            f,
          ]).toString();
        assert.equal(px(r.output), px(r.input), `${r.input}: pixel bytes identical`);
      }
      if (sop) assert.notEqual(a.top['00080018']?.value, sop, 'SOP Instance UID remapped');
      if (a.top['00080018']) assert.equal(a.metaSop, a.top['00080018'].value, 'meta and dataset agree');
      assert.match(a.top['00100010']?.value ?? '', pseudonymPattern);
      assert.equal(a.top['00120062']?.value, 'YES');
    }
  });

  it('leaves nothing for the PHI scan to find', () => {
    const scan = scanForPhi(outputs);
    assert.equal(scan.unreadable.length, 0);
    assert.deepEqual(
      scan.findings.map((f) => `${f.kind} ${f.tag} ${f.examples[0]?.value}`),
      [],
    );
  });

  it('the PHI scan finds names and IDs in the originals', () => {
    const scan = scanForPhi(inputs);
    const kinds = new Set(scan.findings.map((f) => f.kind));
    assert.ok(kinds.has('name') && kinds.has('identifier') && kinds.has('identity-not-removed'));
  });

  it('dciodvfy reports no new errors', () => {
    for (const f of ['CT_small.dcm', 'MR_small.dcm', 'rtstruct.dcm', 'test-SR.dcm', 'rtplan.dcm']) {
      const input = join(PYDICOM_FILES, f);
      const output = runs.find((r) => r.input === input)?.output;
      assert.ok(output);
      const before = new Set(dciodvfyErrors(input));
      const added = dciodvfyErrors(output).filter((e) => !before.has(e));
      assert.deepEqual(added, [], `${f}: new dciodvfy errors`);
    }
  });
});

describe('the generated corpus', () => {
  const dumped = pydicomDump(listFiles(out));

  it('reports bad input and completes the rest of the batch', () => {
    const failed = Object.fromEntries(report.failed.map((f) => [f.file, f.code]));
    assert.equal(failed['corrupt.dcm'], 'DICOM_INVALID');
    assert.equal(failed['deep.dcm'], 'DICOM_INVALID');
    assert.equal(failed['expected.json'], 'DICOM_INVALID');
    assert.equal(report.failuresByReason.DICOM_INVALID, 3);
    assert.equal(report.written, report.files - 3);
    assert.equal(report.warnings.NO_PATIENT_ID, 1);
  });

  it('drops a huge private block and keeps nested sequences', () => {
    const big = Object.values(dumped).find(
      (d) => d.top['00290010'] !== undefined || d.top['00291010'] !== undefined,
    );
    assert.equal(big, undefined, 'no output keeps the 4 MB private block');
    const nested = Object.values(dumped).find(
      (d) => (d.deep['00080104'] ?? []).length > 0 && d.top['0040A730'],
    );
    assert.ok(nested, 'nested content sequence kept');
    assert.ok(
      (nested.deep['0040A123'] ?? []).every((n) => n === 'ANONYMOUS' || n === ''),
      'nested names replaced',
    );
  });

  it('a SEG still references the de-identified image and series', () => {
    const seg = Object.values(dumped).find((d) => d.top['00080060']?.value === 'SEG');
    const image = Object.values(dumped).find(
      (d) =>
        d.top['00100030'] !== undefined &&
        (d.top['00101000'] !== undefined || d.top['00081030'] !== undefined) &&
        d.top['00080060']?.value === 'CT' &&
        d.top['0020000D']?.value === seg?.top['0020000D']?.value,
    );
    assert.ok(seg && image);
    const imageSop = image.top['00080018']?.value;
    assert.match(imageSop ?? '', /^2\.25\./);
    const refs = seg.deep['00081155'] ?? [];
    assert.ok(refs.length >= 2);
    for (const r of refs) assert.equal(r, imageSop);
    assert.ok((seg.deep['0020000E'] ?? []).includes(image.top['0020000E']?.value ?? '?'));
  });

  it("keeps the order and intervals of a patient's studies after the date shift", () => {
    const studies = Object.values(dumped)
      .filter(
        (d) =>
          d.top['00080020'] &&
          (d.top['0020000D']?.value ?? '').startsWith('2.25.') &&
          d.top['00080060']?.value === 'CT',
      )
      .map((d) => d.top['00080020']?.value ?? '')
      .sort();
    const days = (a: string, b: string) =>
      (Date.UTC(+b.slice(0, 4), +b.slice(4, 6) - 1, +b.slice(6)) -
        Date.UTC(+a.slice(0, 4), +a.slice(4, 6) - 1, +a.slice(6))) /
      86_400_000;
    const original = ['20190301', '20190415', '20200110'];
    const shifted = studies.filter((s) => !original.includes(s));
    assert.ok(
      studies.every((s) => !original.includes(s)),
      'no original date survives',
    );
    // the three studies of study{1,2,3}.dcm share one patient, so one shift
    const triple = shifted.filter((s, i, a) => a.indexOf(s) === i);
    const found = triple.some(
      (s) => triple.includes(addDays(s, 45)) && triple.includes(addDays(s, days('20190301', '20200110'))),
    );
    assert.ok(found, `intervals 45 and 315 days kept in ${triple.join(',')}`);
  });

  it('same secret → byte-identical output, also from worker threads; another secret → unlinkable', async () => {
    const again = tempDir();
    const pooled = await deidentifyTree({
      input: corpus,
      output: again,
      config: config(),
      workers: 2,
      workersOnly: true,
    });
    assert.deepEqual(
      { ...pooled, seconds: 0, instancesPerSecond: 0, mbPerSecond: 0 },
      { ...report, seconds: 0, instancesPerSecond: 0, mbPerSecond: 0 },
      'same report from two worker threads as from one thread',
    );
    const a = listFiles(out).map((f) => f.slice(out.length));
    const b = listFiles(again).map((f) => f.slice(again.length));
    assert.deepEqual(a, b);
    for (const f of a) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(again, f))), f);
    const other = tempDir();
    await deidentifyTree({ input: corpus, output: other, config: config('a-different-secret-99') });
    const names = (dir: string) => new Set(listFiles(dir).flatMap((f) => f.slice(dir.length).split('/')));
    const shared = [...names(out)].filter((n) => names(other).has(n) && n !== '' && n !== '_quarantine');
    assert.deepEqual(shared, [], 'no pseudonym or UID in common');
  });
});

function addDays(d: string, n: number): string {
  const t = new Date(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6)) + n * 86_400_000);
  return `${t.getUTCFullYear()}${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCDate()).padStart(2, '0')}`;
}
