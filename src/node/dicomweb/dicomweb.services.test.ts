/**
 * Service-level behaviour: scope restriction (the hub relay's seam), includefield from the file
 * header, frames of compressed data, rendered previews with a window.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type SqlBool } from 'kysely';
import type { CieError } from '../../errors.js';
import { searchInstances, searchStudies, type DicomwebDeps, type DicomwebRequest } from './qido.service.js';
import { startDicomweb, type DicomwebFixture } from './testing/fixtures.js';
import { createCodecPool } from './pixel/codec-pool.js';
import { retrieveFrames, retrieveRendered } from './wado-frames.service.js';
import { retrieveInstances, retrieveTarget } from './wado.service.js';

const ct = {
  study: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322',
  series: '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322',
  sop: '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322',
};
const sc = '1.2.826.0.1.3680043.8.498.12406831542731051035295345080039845114';
type Json = Record<string, { Value?: unknown[] } | undefined>;

async function bytesOf(body: NodeJS.ReadableStream | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

describe('DICOMweb services', () => {
  let f: DicomwebFixture;
  let deps: DicomwebDeps;
  const all: DicomwebRequest = { scope: 'all', baseUrl: 'http://node/dicomweb' };
  before(async () => {
    f = await startDicomweb('pglite', [
      'CT_small.dcm',
      'MR_small.dcm',
      'SC_rgb_small_odd.dcm',
      'SC_rgb_jpeg_dcmtk.dcm',
    ]);
    deps = { db: f.db.db, maxResults: 100, codecs: createCodecPool(1) };
  });
  after(async () => {
    await deps.codecs.close();
    await f.close();
  });

  it('a scope hides other studies from search and retrieve as if they did not exist', async () => {
    const only: DicomwebRequest = { ...all, scope: { studyUids: new Set([ct.study]) } };
    const found = await searchStudies(deps, only, {});
    assert.deepEqual(
      found.results.map((s) => (s as Json)['0020000D']?.Value?.[0]),
      [ct.study],
    );
    await assert.rejects(
      retrieveInstances(deps, only, retrieveTarget(sc), undefined),
      (e: CieError) => e.status === 404,
    );
    const bySeries: DicomwebRequest = { ...all, scope: { seriesUids: new Set([ct.series]) } };
    assert.equal((await searchInstances(deps, bySeries, {})).results.length, 1);
    const byPredicate: DicomwebRequest = {
      ...all,
      scope: { studyWhere: sql<SqlBool>`st.study_date < ${'2010-01-01'}::date` },
    };
    assert.equal((await searchStudies(deps, byPredicate, {})).results.length, 2);
  });

  it('includefield of an attribute the index lacks is read from the file header', async () => {
    const res = await searchInstances(deps, all, {
      SOPInstanceUID: ct.sop,
      includefield: ['00180060', 'BitsAllocated'],
    });
    const inst = res.results[0] as Json;
    assert.deepEqual(inst['00180060']?.Value, [120]); // KVP
    assert.deepEqual(inst['00280100']?.Value, [16]);
  });

  it('frames of a JPEG instance come as image/jpeg, or decoded when octet-stream is asked', async () => {
    const [series] = (
      await searchInstances(deps, all, { SOPClassUID: '1.2.840.10008.5.1.4.1.1.7' }, sc)
    ).results.filter((r) => String((r as Json)['00080018']?.Value?.[0]).endsWith('63677.126194')) as Json[];
    assert.ok(series);
    const t = retrieveTarget(
      sc,
      String(series['0020000E']?.Value?.[0]),
      String(series['00080018']?.Value?.[0]),
    );
    const res = await retrieveFrames(deps, all, t, '1', 'multipart/related; type="image/jpeg"');
    assert.match(res.contentType, /type="image\/jpeg"/);
    const body = await bytesOf(res.body);
    assert.ok(body.includes(Buffer.from([0xff, 0xd8, 0xff])), 'a JPEG stream');
    const decoded = await retrieveFrames(
      deps,
      all,
      t,
      '1',
      'multipart/related; type="application/octet-stream"',
    );
    assert.match(decoded.contentType, /type="application\/octet-stream"/);
    assert.ok((await bytesOf(decoded.body)).includes(Buffer.from('transfer-syntax=1.2.840.10008.1.2.1')));
  });

  it('rendered previews follow the window parameter and keep colour', async () => {
    const t = retrieveTarget(ct.study, ct.series, ct.sop);
    const a = await bytesOf((await retrieveRendered(deps, all, t, undefined, {}, 'image/png')).body);
    const b = await bytesOf(
      (await retrieveRendered(deps, all, t, undefined, { window: '40,400,linear' }, 'image/png')).body,
    );
    assert.equal(a[25], 0); // grayscale PNG
    assert.notDeepEqual(a, b);
    await assert.rejects(
      retrieveRendered(deps, all, t, undefined, { window: '40' }, 'image/png'),
      /window must be/,
    );
    const rgb = (await searchInstances(deps, all, {}, sc)).results[0] as Json;
    const t2 = retrieveTarget(sc, String(rgb['0020000E']?.Value?.[0]), String(rgb['00080018']?.Value?.[0]));
    const c = await bytesOf((await retrieveRendered(deps, all, t2, '1', {}, 'image/png')).body);
    assert.equal(c[25], 2); // RGB PNG
  });
});
