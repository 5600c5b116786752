import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { countFiles, walkFiles } from './walk.js';

describe('the walk of a folder', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'cie-walk-'));
    for (const d of ['a', 'a/deep/er', 'b']) mkdirSync(join(root, d), { recursive: true });
    for (const f of ['z.dcm', 'a/2', 'a/1', 'a/deep/er/x', 'b/y', 'b/.hidden', 'b/s.dcm.cie-partial']) {
      writeFileSync(join(root, f), f);
    }
    symlinkSync(join(root, 'a'), join(root, 'b', 'link-to-a'));
    symlinkSync(root, join(root, 'a', 'loop'));
    symlinkSync(join(root, 'z.dcm'), join(root, 'b', 'link-to-file'));
    symlinkSync(join(root, 'nowhere'), join(root, 'b', 'dangling'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives every file once, in name order per directory, following links but not loops', async () => {
    const errors: string[] = [];
    const seen: string[] = [];
    for await (const p of walkFiles(root, { onError: (path) => errors.push(path) }))
      seen.push(p.slice(root.length + 1));
    // a/ is entered once (directly, not again through b/link-to-a or a/loop); files still being
    // written by the node are skipped; a dangling link is reported and skipped.
    assert.deepEqual(seen, ['z.dcm', 'a/1', 'a/2', 'a/deep/er/x', 'b/.hidden', 'b/link-to-file', 'b/y']);
    assert.deepEqual(errors, [join(root, 'b', 'dangling')]);
    assert.equal(await countFiles(root), seen.length);
  });

  it('counts files beside other work: the event loop gets a turn between directories', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    const n = await countFiles(root);
    order.push(`counted ${n}`);
    assert.deepEqual(order, ['other work', 'counted 7']);
  });

  it('reports an unreadable folder and goes on', async () => {
    const errors: string[] = [];
    const seen: string[] = [];
    for await (const p of walkFiles(join(root, 'b', 'y'), { onError: (path) => errors.push(path) }))
      seen.push(p);
    assert.deepEqual(seen, []);
    assert.deepEqual(errors, [join(root, 'b', 'y')]);
  });
});
