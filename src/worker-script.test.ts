import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Piscina } from 'piscina';
import { TEST_FILES } from '../test/support/dicom-corpus.js';
import type { ExaminedGroup } from './node/ingest/ingest.worker.js';
import { workerScript } from './worker-script.js';

const INGEST_WORKER = new URL('./node/ingest/ingest.worker.ts', import.meta.url);

describe('worker scripts', () => {
  it('bundle a TypeScript worker into JavaScript that a thread runs without the TypeScript loader', async () => {
    const script = await workerScript(INGEST_WORKER);
    assert.equal(script.kind, 'bundle');
    assert.deepEqual(script.execArgv, []);
    assert.match(script.filename, /node_modules\/\.cache\/cie\/ingest\.worker-[0-9a-f]{16}\.mjs$/);
    assert.ok(existsSync(script.filename));
    assert.doesNotMatch(
      readFileSync(script.filename, 'utf8'),
      /import .* from ["']\.{1,2}\//,
      'no relative imports left',
    );
    // The same source in the same process: the same file, bundled once.
    assert.equal(await workerScript(INGEST_WORKER), script);

    const pool = new Piscina({ filename: script.filename, execArgv: script.execArgv, maxThreads: 1 });
    try {
      const path = join(TEST_FILES, 'CT_small.dcm');
      const out = (await pool.run({ paths: [path, join(TEST_FILES, 'no-such-file.dcm')] })) as ExaminedGroup;
      const [ct, missing] = out.files;
      assert.ok(ct?.result.ok);
      assert.equal(ct.result.header.sopInstanceUid, '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322');
      assert.match(ct.sha256 ?? '', /^[0-9a-f]{64}$/);
      assert.equal(missing?.result.ok, false);
    } finally {
      await pool.destroy();
    }
  });

  it('bundle a worker that reads files next to its source, which it still finds there', async () => {
    // The de-identification worker loads PS3.15 Table E.1-1 relative to profile.ts (the pooled
    // runs of deid.service.test.ts check its output byte for byte against this thread's).
    const script = await workerScript(new URL('./dicom/deid/deid.worker.ts', import.meta.url));
    assert.equal(script.kind, 'bundle');
    const text = readFileSync(script.filename, 'utf8');
    assert.doesNotMatch(text, /import\.meta/);
    assert.ok(text.includes(JSON.stringify(new URL('./dicom/deid/profile.ts', import.meta.url).href)));
  });

  it('run a source that cannot be bundled through the TypeScript loader', async () => {
    const source = new URL('./no-such-worker.ts', import.meta.url);
    assert.deepEqual(await workerScript(source), {
      filename: source.href,
      execArgv: ['--import', 'tsx'],
      kind: 'tsx',
    });
  });

  it('run a JavaScript worker as it is', async () => {
    const source = new URL('file:///opt/cie/worker.mjs');
    assert.deepEqual(await workerScript(source), { filename: source.href, execArgv: [], kind: 'javascript' });
  });
});
