import assert from 'node:assert/strict';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { assertSeriesTotals, countRows as count } from '../../../test/support/index-checks.js';
import { PYDICOM_DATA, patchedCopy, templates, writeCorpus } from '../../../test/support/dicom-corpus.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { parseHeader } from '../../dicom/parse-header.js';
import { partialPathFor } from '../../dicom/partial-write.js';
import { ingestBuffer, ingestFile, ingestFolder } from './ingest.service.js';

const opts = { workers: 2, batchSize: 40 };

for (const backend of backends()) {
  describe(`ingest on ${backend}`, () => {
    let tmp: string;
    before(() => {
      tmp = mkdtempSync(join(tmpdir(), 'cie-ingest-'));
    });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    it('indexes every pydicom file it can and rejects the others with their reason; a rerun changes nothing', async () => {
      const root = join(tmp, 'pydicom');
      cpSync(PYDICOM_DATA, root, { recursive: true });
      // a symlink loop must not make the walk run forever
      symlinkSync(root, join(root, 'test_files', 'loop'));
      const d: Database<NodeDB> = await openTestNodeDb(backend);
      try {
        const first = await ingestFolder(d.db, root, opts);
        const rows = await d.db
          .selectFrom('instance')
          .select(['sop_instance_uid', 'file_path', 'checksum'])
          .execute();
        const rejected = await d.db
          .selectFrom('ingest_rejection')
          .select(['file_path', 'reason_code'])
          .execute();
        assert.equal(first.files, rows.length + rejected.length);
        assert.equal(first.new, rows.length);
        assert.equal(first.rejected, rejected.length);
        // each file: indexed under its own UID, or rejected for the parser's reason (or as a copy)
        const indexed = new Map(rows.map((r) => [r.file_path, r.sop_instance_uid]));
        const rejectedReason = new Map(rejected.map((r) => [r.file_path, r.reason_code]));
        for (const [path, sop] of indexed) {
          const h = parseHeader(readFileSync(path));
          assert.ok(h.ok && h.header.sopInstanceUid === sop, relative(root, path));
        }
        for (const [path, reason] of rejectedReason) {
          const h = parseHeader(readFileSync(path));
          if (h.ok) {
            assert.equal(reason, 'DUPLICATE', relative(root, path));
            assert.ok([...indexed.values()].includes(h.header.sopInstanceUid));
          } else assert.equal(reason, h.reason, relative(root, path));
        }
        assert.ok((first.rejectedByReason.NOT_DICOM ?? 0) >= 15);
        assert.ok((first.rejectedByReason.TRUNCATED ?? 0) >= 2);
        await assertSeriesTotals(d.db);

        const second = await ingestFolder(d.db, root, opts);
        assert.deepEqual(
          { new: second.new, updated: second.updated, moved: second.moved, rejected: second.rejected },
          { new: 0, updated: 0, moved: 0, rejected: 0 },
        );
        assert.equal(second.unchanged, first.files);
        assert.equal(second.bytes, 0, 'unchanged files are not read');
        assert.equal(await count(d.db, 'instance'), rows.length);
      } finally {
        await d.close();
      }
    });

    it('updates changed files, follows moves, refuses copies and clears a rejection when the file becomes good', async () => {
      const root = join(tmp, 'corpus');
      const files = writeCorpus(root, {
        patients: 3,
        studiesPerPatient: 2,
        seriesPerStudy: 2,
        instancesPerSeries: 5,
      });
      assert.equal(files, 60);
      writeFileSync(join(root, 'notes.txt'), 'not an image');
      const d = await openTestNodeDb(backend);
      try {
        const first = await ingestFolder(d.db, root, opts);
        assert.deepEqual([first.new, first.rejected, first.rejectedByReason.NOT_DICOM], [60, 1, 1]);
        assert.deepEqual(
          [await count(d.db, 'patient'), await count(d.db, 'study'), await count(d.db, 'series')],
          [3, 6, 12],
        );

        // 1. the same instance rewritten with different bytes (trailing bytes after the dataset)
        const target = join(root, 'p0', 'st1', 'se1', '0.dcm');
        appendFileSync(target, Buffer.alloc(16));
        utimesSync(target, new Date(), new Date(Date.now() + 5000));
        // 2. a file moved to another folder
        mkdirSync(join(root, 'moved'));
        renameSync(join(root, 'p1', 'st3', 'se5', '2.dcm'), join(root, 'moved', 'x.dcm'));
        // 3. a second copy of an indexed file
        cpSync(join(root, 'p2', 'st5', 'se9', '0.dcm'), join(root, 'copy.dcm'));
        // 4. the rejected text file replaced by a good instance
        writeFileSync(
          join(root, 'notes.txt'),
          patchedCopy(templates.mr, { patient: 0, study: 1, series: 1, instance: 999 }),
        );
        // 5. a file now holding a different instance (of a new series)
        writeFileSync(
          join(root, 'p0', 'st2', 'se3', '4.dcm'),
          patchedCopy(templates.ct, { patient: 0, study: 2, series: 500, instance: 998 }),
        );

        const second = await ingestFolder(d.db, root, opts);
        assert.deepEqual(
          {
            new: second.new,
            updated: second.updated,
            moved: second.moved,
            rejected: second.rejectedByReason,
            unchanged: second.unchanged,
          },
          { new: 1, updated: 2, moved: 1, rejected: { DUPLICATE: 1 }, unchanged: 57 },
        );
        assert.equal(await count(d.db, 'instance'), 61);
        assert.equal(await count(d.db, 'series'), 13);
        const rej = await d.db.selectFrom('ingest_rejection').select(['file_path', 'reason_code']).execute();
        assert.deepEqual(rej, [{ file_path: join(root, 'copy.dcm'), reason_code: 'DUPLICATE' }]);
        const moved = await d.db
          .selectFrom('instance')
          .select('file_path')
          .where('file_path', 'like', `${root}/moved/%`)
          .execute();
        assert.equal(moved.length, 1);
        await assertSeriesTotals(d.db);

        const third = await ingestFolder(d.db, root, opts);
        assert.equal(third.unchanged, third.files);
      } finally {
        await d.close();
      }
    });

    it('ingests one file or one buffer already written (the path other sources use)', async () => {
      const dir = join(tmp, 'single');
      mkdirSync(dir);
      const d = await openTestNodeDb(backend);
      try {
        const a = join(dir, 'a.dcm');
        writeFileSync(a, patchedCopy(templates.ct, { patient: 7, study: 70, series: 700, instance: 7000 }));
        const r1 = await ingestFile(d.db, a);
        assert.equal(r1.outcome.kind, 'indexed');
        assert.equal(r1.counts.new, 1);
        const bytes = patchedCopy(templates.mr, { patient: 7, study: 70, series: 701, instance: 7001 });
        const b = join(dir, 'b.dcm');
        writeFileSync(b, bytes);
        const r2 = await ingestBuffer(d.db, bytes, b, { sourceRoot: 'stow' });
        assert.equal(r2.counts.new, 1);
        const again = await ingestFile(d.db, a);
        assert.equal(again.counts.updated, 1);
        const bad = join(dir, 'bad.dcm');
        writeFileSync(bad, Buffer.alloc(0));
        const r3 = await ingestFile(d.db, bad);
        assert.ok(r3.outcome.kind === 'rejected' && r3.outcome.reason === 'EMPTY');
        assert.equal(await count(d.db, 'instance'), 2);
        assert.equal(await count(d.db, 'series'), 2);
        const src = await d.db
          .selectFrom('instance')
          .select('source_root')
          .where('file_path', '=', b)
          .execute();
        assert.deepEqual(src, [{ source_root: 'stow' }]);
        await assertSeriesTotals(d.db);
      } finally {
        await d.close();
      }
    });

    it('leaves alone a file the node is still writing, and indexes it once renamed', async () => {
      const dir = join(tmp, 'receiving');
      mkdirSync(dir);
      const d = await openTestNodeDb(backend);
      try {
        const final = join(dir, 'c.dcm');
        const partial = partialPathFor(final);
        const bytes = patchedCopy(templates.ct, { patient: 8, study: 80, series: 800, instance: 8000 });
        writeFileSync(partial, bytes.subarray(0, 200)); // half-way through a C-STORE write
        const during = await ingestFolder(d.db, dir, opts);
        assert.deepEqual([during.files, during.new, during.rejected], [0, 0, 0]);
        assert.equal(await count(d.db, 'ingest_rejection'), 0);
        writeFileSync(partial, bytes);
        renameSync(partial, final);
        const renamed = await ingestFolder(d.db, dir, opts);
        assert.deepEqual([renamed.files, renamed.new, renamed.rejected], [1, 1, 0]);
      } finally {
        await d.close();
      }
    });
  });
}
