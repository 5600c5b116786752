/**
 * The node's receive path end to end: a study sent by dcmtk's storescu, and instances uploaded
 * with STOW-RS, come out de-identified on disk and searchable in the index (real SCP, real
 * Fastify server, real database on each backend).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { PYDICOM_FILES, pydicomDump, tempDir } from '../../../test/support/dicom.js';
import { deidConfigSchema } from '../../dicom/deid/deid.config.js';
import { pseudonymPattern } from '../../dicom/deid/remap.js';
import { dicomwebPlugin } from '../dicomweb/dicomweb.plugin.js';
import { createIndexingStore } from '../dicomweb/instance-store.js';
import { multipartStream, newBoundary } from '../dicomweb/multipart.js';
import { pacsConfigSchema } from './pacs.config.js';
import { createNodeReceiver, startPacs } from './pacs.runtime.js';

const run = promisify(execFile);
const deid = deidConfigSchema.parse({ secret: 'runtime-test-secret-001', sitePrefix: 'SITE' });
const pacs = pacsConfigSchema.parse({
  port: 0,
  allowedCallingAeTitles: ['MODALITY'],
  deidentifyOnReceive: true,
  stableSeconds: 0.3,
});
/** CT_small and MR_small: two patients, two studies, no burned-in text risk. */
const sent = ['CT_small.dcm', 'MR_small.dcm'];
const originalNames = ['CompressedSamples^CT1', 'CompressedSamples^MR1'];

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const backend of backends()) {
  describe(`receive path → index (${backend})`, () => {
    const cleanup: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanup.reverse()) await c();
    });

    it('a study sent with storescu is de-identified on receipt and indexed once complete', async () => {
      const d = await openTestNodeDb(backend);
      cleanup.push(() => d.close());
      const dataDir = tempDir();
      const { scp } = await startPacs({ db: d.db, dataDir, deid, pacs });
      let closed = false;
      cleanup.push(async () => {
        if (!closed) await scp.close();
      });
      const input = tempDir();
      for (const f of sent) copyFileSync(join(PYDICOM_FILES, f), join(input, f));
      await run(
        'storescu',
        ['-aet', 'MODALITY', '-aec', 'CIE', '+sd', '127.0.0.1', String(scp.port), input],
        {
          env: { ...process.env, TCP_NODELAY: '1' },
        },
      );
      const rows = await until('two indexed instances', async () => {
        const r = await d.db
          .selectFrom('instance')
          .innerJoin('series', 'series.id', 'instance.series_id')
          .innerJoin('study', 'study.id', 'series.study_id')
          .innerJoin('patient', 'patient.id', 'study.patient_id')
          .select(['instance.sop_instance_uid', 'instance.file_path', 'study.study_uid', 'patient.pseudonym'])
          .execute();
        return r.length === 2 ? r : undefined;
      });
      const before = pydicomDump(sent.map((f) => join(PYDICOM_FILES, f)));
      const originalUids = Object.values(before).flatMap((b) => [
        b.top['00080018']?.value,
        b.top['0020000D']?.value,
      ]);
      for (const r of rows) {
        assert.match(r.pseudonym, pseudonymPattern, 'indexed under the pseudonym');
        assert.match(r.sop_instance_uid, /^2\.25\./);
        assert.match(r.study_uid, /^2\.25\./);
        assert.ok(!originalUids.includes(r.sop_instance_uid) && !originalUids.includes(r.study_uid));
        assert.ok(r.file_path.startsWith(join(dataDir, 'store', r.pseudonym)), r.file_path);
        const bytes = readFileSync(r.file_path).toString('latin1');
        for (const n of originalNames) assert.ok(!bytes.includes(n), `${n} not in ${r.file_path}`);
      }
      const dumped = pydicomDump(rows.map((r) => r.file_path));
      for (const x of Object.values(dumped)) assert.equal(x.top['00120062']?.value, 'YES');
      await scp.close();
      closed = true;
    });

    it('STOW-RS takes the same path: de-identified on receipt, indexed before the answer, searchable', async () => {
      const d = await openTestNodeDb(backend);
      cleanup.push(() => d.close());
      const dataDir = tempDir();
      const receiver = createNodeReceiver({ db: d.db, dataDir, deid, pacs });
      const app = Fastify({ logger: false });
      cleanup.push(() => app.close());
      await app.register(dicomwebPlugin, {
        db: d.db,
        store: createIndexingStore(d.db, receiver),
        tmpDir: dataDir,
        prefix: '/dicomweb',
      });
      const base = `${await app.listen({ host: '127.0.0.1', port: 0 })}/dicomweb`;
      const boundary = newBoundary();
      const body = multipartStream(
        boundary,
        sent.map((f) => ({ contentType: 'application/dicom', bytes: readFileSync(join(PYDICOM_FILES, f)) })),
      );
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(c as Buffer);
      const res = await fetch(`${base}/studies`, {
        method: 'POST',
        body: Buffer.concat(chunks),
        headers: {
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
          accept: 'application/dicom+json',
        },
      });
      assert.equal(res.status, 200, await res.clone().text());
      const answer = (await res.json()) as Record<string, { Value?: Record<string, { Value?: string[] }>[] }>;
      const storedSops = (answer['00081199']?.Value ?? []).map((v) => v['00081155']?.Value?.[0] ?? '');
      assert.equal(storedSops.length, 2);
      for (const s of storedSops) assert.match(s, /^2\.25\./, 'the answer names the de-identified instance');
      // Searchable at once (no waiting for study completion), under the de-identified UIDs.
      const found = (await (
        await fetch(`${base}/instances`, { headers: { accept: 'application/dicom+json' } })
      ).json()) as Record<string, { Value?: string[] }>[];
      assert.deepEqual(found.map((i) => i['00080018']?.Value?.[0]).sort(), [...storedSops].sort());
      const files = await d.db.selectFrom('instance').select('file_path').execute();
      for (const n of originalNames)
        for (const f of files) assert.ok(!readFileSync(f.file_path).toString('latin1').includes(n));
      assert.equal(receiver.stats().pendingStudies, 0, 'STOW-RS instances are not indexed twice');
    });
  });
}
