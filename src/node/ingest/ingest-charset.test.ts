import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { PYTHON } from '../../../test/support/dicom.js';
import { ingestFolder } from './ingest.service.js';

const script = join(new URL('.', import.meta.url).pathname, '../../../test/support/make_charset_files.py');

interface Case {
  charset: string | string[];
  values: {
    StudyDescription: string;
    SeriesDescription: string;
    Manufacturer: string;
    ReferringPhysicianName: string;
  };
}

for (const backend of backends()) {
  describe(`ingest of text in other character sets, on ${backend}`, () => {
    let dir: string;
    let cases: Record<string, Case>;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'cie-charset-'));
      // pydicom writes each file with its (0008,0005) and encodes the values in it
      cases = JSON.parse(execFileSync(PYTHON, [script, dir]).toString('utf8')) as Record<string, Case>;
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('stores descriptions, manufacturer and names decoded per SpecificCharacterSet', async () => {
      assert.ok(Object.keys(cases).length >= 8);
      const d = await openTestNodeDb(backend);
      try {
        const s = await ingestFolder(d.db, dir, { workers: 1 });
        assert.equal(s.new, Object.keys(cases).length);
        const rows = await d.db
          .selectFrom('instance')
          .innerJoin('series', 'series.id', 'instance.series_id')
          .innerJoin('study', 'study.id', 'series.study_id')
          .select([
            'instance.file_path',
            'study.description as study_description',
            'study.referring_physician',
            'series.description as series_description',
            'series.manufacturer',
          ])
          .execute();
        for (const r of rows) {
          const c = cases[r.file_path];
          assert.ok(c, r.file_path);
          assert.deepEqual(
            {
              study: r.study_description,
              series: r.series_description,
              manufacturer: r.manufacturer,
              referring: r.referring_physician,
            },
            {
              study: c.values.StudyDescription,
              series: c.values.SeriesDescription,
              manufacturer: c.values.Manufacturer,
              referring: c.values.ReferringPhysicianName,
            },
            `${basename(r.file_path)} (${JSON.stringify(c.charset)})`,
          );
        }
      } finally {
        await d.close();
      }
    });
  });
}
