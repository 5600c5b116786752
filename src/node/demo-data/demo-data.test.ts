import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import dicomParser from 'dicom-parser';
import { CieError } from '../../errors.js';
import {
  bodyPartFromDicom,
  cancerTypes,
  manufacturerFromDicom,
  modalityFromDicom,
  sexCodes,
} from '../../model/codes.js';
import { clinicalCsvHeader } from './clinical.js';
import { generateDemoData, type DemoDataSummary } from './demo-data.service.js';
import type { DemoManifest } from './manifest.js';

const site = 'TEST';
const seed = 14; // nine patients with this seed include all five SOP classes

function walk(dir: string, root = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, root, out);
    else out.push(relative(root, p).split('\\').join('/'));
  }
  return out.sort();
}

function treeHash(dir: string, filter: (rel: string) => boolean = () => true): string {
  const h = createHash('sha256');
  for (const rel of walk(dir).filter(filter)) {
    h.update(rel);
    h.update(readFileSync(join(dir, rel)));
  }
  return h.digest('hex');
}

describe('cie demo-data corpus', () => {
  let root: string;
  let dir: string;
  let summary: DemoDataSummary;
  let manifest: DemoManifest;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'cie-demo-data-'));
    dir = join(root, 'corpus');
    summary = await generateDemoData({ dir, site, seed, patients: 9, withJunk: true });
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DemoManifest;
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('the manifest is exactly true of the files: paths, counts, sizes and header values', () => {
    const listed = manifest.patients.flatMap((p) =>
      p.studies.flatMap((st) => st.series.flatMap((se) => se.files)),
    );
    assert.deepEqual(walk(dir), [...listed, ...manifest.junk, 'manifest.json', 'clinical.csv'].sort());
    assert.equal(summary.instances, listed.length);
    assert.equal(summary.patients, 9);
    assert.equal(
      summary.studies,
      manifest.patients.reduce((n, p) => n + p.studies.length, 0),
    );

    const sopUids = new Set<string>();
    let bytes = 0;
    for (const p of manifest.patients) {
      for (const st of p.studies) {
        for (const se of st.series) {
          assert.equal(se.files.length, se.instances);
          assert.equal(se.sopInstanceUids.length, se.instances);
          assert.equal(se.bodyPartCode, bodyPartFromDicom(se.bodyPart)?.code);
          assert.equal(se.modalityCode, modalityFromDicom(se.modality)?.code);
          assert.equal(se.manufacturerCode, manufacturerFromDicom(se.manufacturer)?.code);
          let seriesBytes = 0;
          se.files.forEach((rel, i) => {
            const buf = readFileSync(join(dir, rel));
            seriesBytes += buf.length;
            const ds = dicomParser.parseDicom(buf);
            const s = (tag: string) => ds.string(tag) ?? '';
            assert.equal(s('x00100020'), p.pseudonym, rel);
            assert.equal(s('x00100010'), p.pseudonym);
            assert.equal(s('x00100040'), p.sex);
            assert.equal(p.sexCode, sexCodes[p.sex].code);
            assert.equal(s('x00100030'), `${p.birthYear}0101`);
            assert.equal(s('x00101010'), `${String(st.patientAge).padStart(3, '0')}Y`);
            assert.equal(s('x00120062'), 'YES');
            assert.equal(s('x00080050'), '');
            assert.equal(s('x0020000d'), st.studyUid);
            assert.equal(s('x00080020'), st.studyDate.replaceAll('-', ''));
            assert.equal(s('x00081030'), st.description);
            assert.equal(s('x0020000e'), se.seriesUid);
            assert.equal(ds.intString('x00200011'), se.seriesNumber);
            assert.equal(s('x00080060'), se.modality);
            assert.equal(s('x00180015'), se.bodyPart);
            assert.equal(s('x0008103e'), se.description);
            assert.equal(s('x00080070'), se.manufacturer);
            assert.equal(s('x00081090'), se.model);
            assert.equal(s('x00080016'), se.sopClassUid);
            assert.equal(s('x00020002'), se.sopClassUid);
            assert.equal(ds.intString('x00200013'), i + 1);
            assert.equal(ds.uint16('x00280010'), se.rows);
            assert.equal(ds.uint16('x00280011'), se.columns);
            if (se.sliceThickness === null) assert.equal(ds.elements.x00180050, undefined);
            else assert.equal(ds.floatString('x00180050'), se.sliceThickness);
            const sopUid = s('x00080018');
            assert.equal(sopUid, se.sopInstanceUids[i]);
            assert.equal(s('x00020003'), sopUid);
            assert.ok(!sopUids.has(sopUid), `duplicate SOP Instance UID ${sopUid}`);
            sopUids.add(sopUid);
            for (const uid of [sopUid, st.studyUid, se.seriesUid]) {
              assert.match(uid, /^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/);
              assert.ok(uid.length <= 64);
            }
          });
          assert.equal(se.bytes, seriesBytes);
          bytes += seriesBytes;
        }
      }
    }
    assert.equal(summary.bytes, bytes);
    const layout = /^[A-Z]+-\d{6}\/\d{4}-\d{2}-\d{2}_\d+\.\d+\/\d+_(CT|MR|PT|MG|US)\/\d{4}\.dcm$/;
    for (const f of listed) assert.match(f, layout);
  });

  test('junk files are listed in the manifest and are not DICOM', () => {
    assert.ok(manifest.junk.length >= 2);
    assert.ok(manifest.junk.some((f) => f.endsWith('README.txt')));
    assert.ok(manifest.junk.some((f) => f.endsWith('.DS_Store')));
    for (const f of manifest.junk) {
      const buf = readFileSync(join(dir, f));
      assert.notEqual(buf.subarray(128, 132).toString('latin1'), 'DICM');
    }
  });

  test('clinical.csv has one row per patient that agrees with the manifest', () => {
    const lines = readFileSync(join(dir, 'clinical.csv'), 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    assert.deepEqual(header.slice(0, 4), ['pseudonym', 'diagnosis', 'age_at_diagnosis', 'year_of_diagnosis']);
    assert.deepEqual(header, clinicalCsvHeader);
    assert.ok(header.includes('cie.PIRADS'));
    assert.equal(lines.length - 1, manifest.patients.length);
    manifest.patients.forEach((p, i) => {
      const cells = lines[i + 1]!.split(',');
      assert.equal(cells.length, header.length);
      assert.equal(cells[0], p.pseudonym);
      assert.equal(cells[1], cancerTypes[p.cancerType].code);
      assert.equal(cells[1], p.diagnosisCode);
      assert.equal(Number(cells[2]), p.ageAtDiagnosis);
      assert.equal(Number(cells[3]), p.yearOfDiagnosis);
      const fromCsv: Record<string, string | number> = {};
      header.slice(4).forEach((key, k) => {
        const v = cells[k + 4]!;
        if (v !== '') fromCsv[key] = /^[\d.]+$/.test(v) ? Number(v) : v;
      });
      assert.deepEqual(fromCsv, p.clinical);
    });
  });

  test('ages, dates and diagnosis year agree with each other', () => {
    for (const p of manifest.patients) {
      const dates = p.studies.map((st) => st.studyDate);
      assert.deepEqual(dates, [...dates].sort());
      assert.equal(p.yearOfDiagnosis, Number(dates[0]!.slice(0, 4)));
      assert.equal(p.ageAtDiagnosis, p.yearOfDiagnosis - p.birthYear);
      for (const st of p.studies) assert.equal(st.patientAge, Number(st.studyDate.slice(0, 4)) - p.birthYear);
      assert.ok(dates.every((d) => d <= '2025-12-31'));
    }
    assert.equal(new Set(manifest.patients.map((p) => p.cancerType)).size, 9);
  });

  test('the same seed gives byte-identical files, and a smaller corpus is a prefix of a larger one', async () => {
    const again = join(root, 'again');
    await generateDemoData({ dir: again, site, seed, patients: 3 });
    const firstThree = (rel: string) => /^TEST-00000[123]\/.*\.dcm$/.test(rel);
    assert.equal(treeHash(again, firstThree), treeHash(dir, firstThree));
    const other = join(root, 'other-seed');
    await generateDemoData({ dir: other, site, seed: seed + 1, patients: 3 });
    assert.notEqual(treeHash(other, firstThree), treeHash(again, firstThree));
    const a = JSON.parse(readFileSync(join(again, 'manifest.json'), 'utf8')) as DemoManifest;
    const b = JSON.parse(readFileSync(join(other, 'manifest.json'), 'utf8')) as DemoManifest;
    assert.notEqual(a.patients[0]!.studies[0]!.studyUid, b.patients[0]!.studies[0]!.studyUid);
  });

  test('bad options are refused before anything is written', async () => {
    const target = join(root, 'refused');
    const cases: Array<[Parameters<typeof generateDemoData>[0], RegExp]> = [
      [{ dir: target, site: 'bad site!', seed: 1, patients: 1 }, /--site/],
      [{ dir: target, site: 'OK', seed: -1, patients: 1 }, /--seed/],
      [{ dir: target, site: 'OK', seed: 1, instances: 0 }, /--instances/],
      [{ dir, site: 'OK', seed: 1, patients: 1 }, /not empty/],
    ];
    for (const [options, message] of cases) {
      await assert.rejects(
        generateDemoData(options),
        (err: unknown) => err instanceof CieError && message.test(err.message),
      );
    }
    assert.equal(existsSync(target), false);
    assert.deepEqual(
      readdirSync(root).filter((n) => n.includes('partial')),
      [],
    );
  });

  test('an interrupted run leaves nothing behind', async () => {
    const target = join(root, 'interrupted');
    const abort = new AbortController();
    await assert.rejects(
      generateDemoData({ dir: target, site, seed, patients: 2, signal: abort.signal }, (p) => {
        if (p.instancesDone > 0) abort.abort();
      }),
      (err: unknown) => err instanceof CieError && /interrupted/.test(err.message),
    );
    assert.equal(existsSync(target), false);
    assert.deepEqual(
      readdirSync(root).filter((n) => n.includes('partial')),
      [],
    );
  });

  test('an existing empty directory is filled', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await generateDemoData({ dir: empty, site: 'E', seed: 2, patients: 1 });
    assert.ok(existsSync(join(empty, 'manifest.json')));
    writeFileSync(join(root, 'a-file'), 'x');
    await assert.rejects(
      generateDemoData({ dir: join(root, 'a-file'), site: 'E', seed: 2, patients: 1 }),
      /not a directory/,
    );
  });
});
