/**
 * The demo images are valid DICOM: dciodvfy finds no error in any kind of series (one file each),
 * and dcmdump and pydicom read them with the header values the manifest states.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestSeries } from './manifest.js';
import { planCorpus, type PatientPlan, type SeriesPlan, type StudyPlan } from './plan.js';
import { writeSeries } from './series-writer.js';

const id = { site: 'TEST', seed: 14 };

interface Written {
  patient: PatientPlan;
  study: StudyPlan;
  plan: SeriesPlan;
  series: ManifestSeries;
}

describe('demo images are valid DICOM', () => {
  let root: string;
  const written: Written[] = [];

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cie-demo-conformance-'));
    // One series of every kind (modality, description, orientation) the first patients have.
    const seen = new Set<string>();
    for (const patient of planCorpus(id, { patients: 12 })) {
      for (const study of patient.studies) {
        for (const plan of study.series) {
          const t = plan.template;
          const kind = `${t.modality}|${t.description}|${t.orientation}|${plan.scanner.manufacturer}`;
          if (seen.has(kind)) continue;
          seen.add(kind);
          written.push({ patient, study, plan, series: writeSeries(root, id, patient, study, plan) });
        }
      }
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('all five SOP classes are covered', () => {
    assert.deepEqual(new Set(written.map((w) => w.series.modality)), new Set(['CT', 'MR', 'PT', 'MG', 'US']));
  });

  test('dciodvfy reports no error for any kind of series, and no warning but two known ones', () => {
    const failures: string[] = [];
    for (const w of written) {
      const file = join(root, w.series.files[Math.floor(w.series.files.length / 2)]!);
      const r = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
      // Accepted: dicom3tools flags any Person Name without "^" as the retired form (the pseudonym
      // is one word), and CT's defined terms lack REFORMATTED, which scanners write on reformats.
      const problems = `${r.stdout}\n${r.stderr}`
        .split('\n')
        .filter(
          (l) =>
            /^(Error|Abort|Warning)/.test(l) && !/Retired Person Name form|<REFORMATTED> for value 3/.test(l),
        );
      if (problems.length > 0)
        failures.push(`${w.series.modality} ${w.series.description}: ${problems.join('; ')}`);
    }
    assert.deepEqual(failures, []);
  });

  test('dcmdump reads the headers the manifest states', () => {
    for (const w of written) {
      const dump = execFileSync(
        'dcmdump',
        ['-q', '+P', '0010,0020', '+P', '0008,0060', '+P', '0020,000e', join(root, w.series.files[0]!)],
        {
          encoding: 'utf8',
        },
      );
      assert.match(dump, new RegExp(`\\[${w.patient.pseudonym}\\]`));
      assert.match(dump, new RegExp(`CS \\[${w.series.modality}\\]`));
      assert.ok(dump.includes(`[${w.series.seriesUid}]`));
    }
  });

  test('pydicom reads every kind with its pixels, and the values match the manifest', () => {
    const script = [
      'import sys, json, pydicom',
      'out = []',
      'for p in sys.argv[1:]:',
      '    ds = pydicom.dcmread(p)',
      '    a = ds.pixel_array',
      '    out.append({',
      '        "pid": ds.PatientID, "study": ds.StudyInstanceUID, "series": ds.SeriesInstanceUID,',
      '        "modality": ds.Modality, "body": ds.BodyPartExamined, "make": ds.Manufacturer,',
      '        "model": ds.ManufacturerModelName, "sop": ds.SOPClassUID,',
      '        "thick": float(ds.SliceThickness) if "SliceThickness" in ds else None,',
      '        "shape": list(a.shape), "min": int(a.min()), "max": int(a.max()),',
      '        "age": ds.PatientAge, "date": ds.StudyDate,',
      '    })',
      'print(json.dumps(out))',
    ].join('\n');
    const files = written.map((w) => join(root, w.series.files[0]!));
    const out = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', script, ...files], { encoding: 'utf8' }),
    ) as Array<{
      pid: string;
      study: string;
      series: string;
      modality: string;
      body: string;
      make: string;
      model: string;
      sop: string;
      thick: number | null;
      shape: number[];
      min: number;
      max: number;
      age: string;
      date: string;
    }>;
    written.forEach((w, i) => {
      const r = out[i]!;
      assert.equal(r.pid, w.patient.pseudonym);
      assert.equal(r.study, w.study.uid);
      assert.equal(r.series, w.series.seriesUid);
      assert.equal(r.modality, w.series.modality);
      assert.equal(r.body, w.series.bodyPart);
      assert.equal(r.make, w.series.manufacturer);
      assert.equal(r.model, w.series.model);
      assert.equal(r.sop, w.series.sopClassUid);
      assert.equal(r.thick, w.series.sliceThickness);
      assert.deepEqual(r.shape, [w.series.rows, w.series.columns]);
      assert.equal(r.age, `${String(w.study.patientAge).padStart(3, '0')}Y`);
      assert.equal(r.date, w.study.dicomDate);
      // Pixels show something: a body against a darker background, not a flat image.
      assert.ok(r.max - r.min > 50, `${w.series.description}: flat image ${r.min}..${r.max}`);
    });
  });
});
