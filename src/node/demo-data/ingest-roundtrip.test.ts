/**
 * The corpus as the node sees it: ingesting a generated tree indexes exactly what the manifest
 * says (patients, studies, series with their codes, counts and sizes, every instance), and
 * rejects only the non-DICOM files.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { openTestNodeDb } from '../../../test/support/db.js';
import { ingestFolder } from '../ingest/ingest.service.js';
import type { IngestSummary } from '../ingest/ingest.types.js';
import { generateDemoData } from './demo-data.service.js';
import type { DemoManifest } from './manifest.js';

let root: string;
let dir: string;
let db: Database<NodeDB>;
let manifest: DemoManifest;
let summary: IngestSummary;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'cie-demo-ingest-'));
  dir = join(root, 'corpus');
  await generateDemoData({ dir, site: 'RT', seed: 3, patients: 1, withJunk: true });
  manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DemoManifest;
  db = await openTestNodeDb('pglite');
  summary = await ingestFolder(db.db, dir, { workers: 1 });
});
after(async () => {
  await db.close();
  rmSync(root, { recursive: true, force: true });
});

test('ingest indexes every image of the manifest and rejects only the non-DICOM files', () => {
  const instances = manifest.patients
    .flatMap((p) => p.studies.flatMap((st) => st.series))
    .reduce((n, s) => n + s.instances, 0);
  assert.equal(summary.new, instances);
  assert.equal(summary.rejected, manifest.junk.length + 2); // + manifest.json and clinical.csv
});

test('the index holds the patients, studies and series, with the same codes and sizes', async () => {
  const rows = await db.db
    .selectFrom('series')
    .innerJoin('study', 'study.id', 'series.study_id')
    .innerJoin('patient', 'patient.id', 'study.patient_id')
    .select([
      'patient.pseudonym',
      'patient.sex_code',
      'patient.birth_year',
      'study.study_uid',
      'study.patient_age',
      'series.series_uid',
      'series.modality_code',
      'series.body_part_code',
      'series.manufacturer_code',
      'series.model',
      'series.slice_thickness',
      'series.instance_count',
      'series.size_bytes',
    ])
    .execute();
  const expected = manifest.patients.flatMap((p) =>
    p.studies.flatMap((st) =>
      st.series.map((se) => ({
        pseudonym: p.pseudonym,
        sex_code: p.sexCode,
        birth_year: p.birthYear,
        study_uid: st.studyUid,
        patient_age: st.patientAge,
        series_uid: se.seriesUid,
        modality_code: se.modalityCode,
        body_part_code: se.bodyPartCode,
        manufacturer_code: se.manufacturerCode,
        model: se.model,
        slice_thickness: se.sliceThickness,
        instance_count: se.instances,
        size_bytes: se.bytes,
      })),
    ),
  );
  const actual = rows.map((r) => ({
    ...r,
    slice_thickness: r.slice_thickness === null ? null : Number(r.slice_thickness),
    instance_count: Number(r.instance_count),
    size_bytes: Number(r.size_bytes),
  }));
  const bySeries = (a: { series_uid: string }, b: { series_uid: string }) =>
    a.series_uid.localeCompare(b.series_uid);
  assert.deepEqual(actual.sort(bySeries), expected.sort(bySeries));

  const sopUids = await db.db.selectFrom('instance').select('sop_instance_uid').execute();
  assert.deepEqual(
    sopUids.map((r) => r.sop_instance_uid).sort(),
    manifest.patients
      .flatMap((p) => p.studies.flatMap((st) => st.series.flatMap((se) => se.sopInstanceUids)))
      .sort(),
  );
});
