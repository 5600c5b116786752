/**
 * The search executor against a real corpus: `cie demo-data` writes DICOM files, clinical.csv and
 * manifest.json; the files are ingested and clinical.csv imported as a data holder would; every
 * query of the table is then counted by the SQL executor and compared with what the manifest
 * (ground truth) says, evaluated by the independent in-memory evaluator.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../src/db/database.js';
import type { NodeDB } from '../src/db/schema.js';
import { importClinicalCsv } from '../src/node/clinical/clinical.service.js';
import { generateDemoData } from '../src/node/demo-data/demo-data.service.js';
import type { ManifestPatient } from '../src/node/demo-data/manifest.js';
import { ingestFolder } from '../src/node/ingest/ingest.service.js';
import { wholeIndexCollections } from '../src/node/search/collections.js';
import { countMatches } from '../src/node/search/search.repository.js';
import { parseQuery } from '../src/model/query/validate.js';
import { openTestNodeDb } from './support/db.js';
import type { FxPatient } from './support/search-fixture.js';
import { expectedAnswer } from './support/search-oracle.js';
import { searchQueryTable } from './support/search-queries.js';

/** The manifest's patients as the evaluator's objects (codes exactly as the manifest states). */
function fromManifest(patients: ManifestPatient[]): FxPatient[] {
  return patients.map((p) => ({
    pseudonym: p.pseudonym,
    sex: p.sex,
    sex_code: p.sexCode,
    clinical: {
      diagnosis_code: p.diagnosisCode,
      age_at_diagnosis: p.ageAtDiagnosis,
      year_of_diagnosis: p.yearOfDiagnosis,
    },
    observations: Object.entries(p.clinical).map(([key, v]) => ({
      key,
      value_code: typeof v === 'string' ? v : null,
      value_num: typeof v === 'number' ? v : null,
    })),
    studies: p.studies.map((st) => ({
      series: st.series.map((s) => ({
        modality_code: s.modalityCode,
        body_part_code: s.bodyPartCode,
        manufacturer_code: s.manufacturerCode,
      })),
    })),
  }));
}

describe('search counts on an ingested demo corpus match its manifest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cie-search-gt-'));
  let d: Database<NodeDB>;
  let truth: FxPatient[];

  before(async () => {
    const corpus = join(dir, 'corpus');
    await generateDemoData({ dir: corpus, site: 'GT', seed: 11, patients: 9 });
    d = await openTestNodeDb('pglite');
    await ingestFolder(d.db, corpus, { workers: 1 });
    await importClinicalCsv(d.db, readFileSync(join(corpus, 'clinical.csv'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as {
      patients: ManifestPatient[];
    };
    truth = fromManifest(manifest.patients);
  });
  after(async () => {
    await d?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const { name, query } of searchQueryTable) {
    it(name, async () => {
      const [collection] = await wholeIndexCollections('GT').collectionsOf(d.db);
      assert.ok(collection);
      const valid = parseQuery(query);
      assert.deepEqual(await countMatches(d.db, valid, collection), expectedAnswer(truth, valid));
    });
  }
});
