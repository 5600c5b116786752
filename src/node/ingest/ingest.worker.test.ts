import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TEST_FILES } from '../../../test/support/dicom-corpus.js';
import examine from './ingest.worker.js';

describe('the ingest worker', () => {
  it('runs the groups it is handed ahead one after another, so each group times only its own files', async () => {
    const order: string[] = [];
    const long = Array.from({ length: 200 }, () => join(TEST_FILES, 'CT_small.dcm'));
    const first = examine({ paths: long }).then((g) => {
      order.push('200 files');
      return g;
    });
    const second = examine({ paths: [join(TEST_FILES, 'MR_small.dcm')] }).then((g) => {
      order.push('1 file');
      return g;
    });
    const [a, b] = await Promise.all([first, second]);
    // Interleaved at their awaits, the one-file group would finish first and its time per file
    // would include the other group's work.
    assert.deepEqual(order, ['200 files', '1 file']);
    assert.equal(a.files.length, 200);
    assert.ok(a.files.every((f) => f.result.ok));
    assert.ok(b.files[0]?.result.ok);
  });

  it('goes on with the next group after a file it cannot read', async () => {
    const g = await examine({ paths: [join(TEST_FILES, 'no-such.dcm'), join(TEST_FILES, 'MR_small.dcm')] });
    assert.equal(g.files[0]?.result.ok, false);
    assert.ok(g.files[1]?.result.ok);
  });
});
