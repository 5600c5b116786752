import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { writeCorpus } from '../../../test/support/dicom-corpus.js';
import { assertSeriesTotals, countRows as count } from '../../../test/support/index-checks.js';
import { ingestFolder } from './ingest.service.js';

const opts = { workers: 2, batchSize: 25 };

for (const backend of backends()) {
  describe(`files deleted from an ingested folder, on ${backend}`, () => {
    let tmp: string;
    before(() => {
      tmp = mkdtempSync(join(tmpdir(), 'cie-prune-'));
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    it('leave the index on the next ingest of the folder (empty series, studies, patients too)', async () => {
      const root = join(tmp, 'archive');
      // p0, p1, p2: 2 studies × 2 series × 5 instances each
      assert.equal(writeCorpus(root, { patients: 3, studiesPerPatient: 2, seriesPerStudy: 2, instancesPerSeries: 5 }), 60);
      writeFileSync(join(root, 'notes.txt'), 'not an image');
      // a folder whose name starts like p1's: ingesting p1 must not touch it
      const sibling = join(tmp, 'archive', 'p1-other');
      writeCorpus(sibling, { patients: 1, studiesPerPatient: 1, seriesPerStudy: 1, instancesPerSeries: 3 }, 100);
      const d = await openTestNodeDb(backend);
      try {
        const first = await ingestFolder(d.db, root, opts);
        assert.deepEqual([first.new, first.rejected, first.removed], [63, 1, 0]);

        // one file of a series, a whole series (se1 of st1), a whole patient (p2), the text file
        unlinkSync(join(root, 'p0', 'st2', 'se3', '4.dcm'));
        rmSync(join(root, 'p0', 'st1', 'se1'), { recursive: true });
        rmSync(join(root, 'p2'), { recursive: true });
        unlinkSync(join(root, 'notes.txt'));
        // deleted under p1-other, then only p1 is ingested: p1-other's row stays for now
        unlinkSync(join(sibling, 'p100', 'st101', 'se101', '0.dcm'));
        const onlyP1 = await ingestFolder(d.db, join(root, 'p1'), opts);
        assert.deepEqual([onlyP1.removed, onlyP1.unchanged], [0, 20]);
        assert.equal(await count(d.db, 'instance'), 63);

        const second = await ingestFolder(d.db, root, opts);
        assert.equal(second.removed, 1 + 5 + 20 + 1);
        assert.deepEqual([second.new, second.updated, second.rejected], [0, 0, 0]);
        assert.equal(second.unchanged, 63 - 27);
        assert.equal(await count(d.db, 'instance'), 63 - 27);
        assert.equal(await count(d.db, 'series'), 12 + 1 - 1 - 4);
        assert.equal(await count(d.db, 'study'), 6 + 1 - 2);
        assert.equal(await count(d.db, 'patient'), 3 + 1 - 1);
        assert.equal(await count(d.db, 'ingest_rejection'), 0, 'the deleted text file is no longer reported');
        const se3 = await d.db
          .selectFrom('series')
          .select('instance_count')
          .where('series_uid', 'like', '2.25.2.1%3')
          .execute();
        assert.deepEqual(se3, [{ instance_count: 4 }]);
        await assertSeriesTotals(d.db);

        const third = await ingestFolder(d.db, root, opts);
        assert.deepEqual([third.removed, third.unchanged, third.files], [0, 36, 36]);
      } finally {
        await d.close();
      }
    });
  });
}
