/**
 * QIDO-RS attributes as PS3.18 §10.6.3.3 lists them and as clients read them: the upper levels'
 * attributes at series and instance level, PatientName/PatientBirthDate as in the files,
 * BitsAllocated, no frame attributes on non-images, study aggregates at every level, paging past
 * the node's maximum, and WADO-RS metadata in the Native DICOM Model XML (PS3.19).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pydicomDir, startDicomweb, type DicomwebFixture } from './testing/fixtures.js';

type Json = Record<string, { vr: string; Value?: unknown[] } | undefined>;
const ct = {
  study: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322',
  series: '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322',
  sop: '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322',
};

describe('QIDO-RS attributes and paging', () => {
  let f: DicomwebFixture;
  const search = async (path: string): Promise<{ body: Json[]; headers: Headers }> => {
    const r = await fetch(`${f.baseUrl}${path}`, { headers: { accept: 'application/dicom+json' } });
    assert.equal(r.status, 200, path);
    return { body: (await r.json()) as Json[], headers: r.headers };
  };
  before(async () => {
    f = await startDicomweb(
      'pglite',
      [
        'MR_small.dcm',
        'rtplan.dcm',
        'reportsi.dcm',
        'liver_1frame.dcm',
        'SC_rgb_small_odd.dcm',
        'SC_rgb_jpeg_dcmtk.dcm',
      ],
      { maxResults: 2, cors: { origins: ['http://viewer.test'], credentials: true, maxAgeSeconds: 600 } },
    );
    // CT_small with a birth date, as a de-identified archive may keep it.
    const withBirth = join(f.dir, 'ct-birth.dcm');
    copyFileSync(join(pydicomDir, 'CT_small.dcm'), withBirth);
    execFileSync('dcmodify', ['-nb', '-i', '(0010,0030)=19610701', withBirth]);
    await f.store.storeInstance(withBirth);
  });
  after(async () => f.close());

  it('PatientName is the name in the files (wildcards, any case) and PatientBirthDate is returned', async () => {
    const { body } = await search('/studies?PatientName=compressedsamples*&includefield=PatientBirthDate');
    assert.equal(body.length, 2);
    const byUid = new Map(body.map((s) => [s['0020000D']?.Value?.[0], s]));
    assert.deepEqual(byUid.get(ct.study)?.['00100010']?.Value, [{ Alphabetic: 'CompressedSamples^CT1' }]);
    assert.deepEqual(byUid.get(ct.study)?.['00100030']?.Value, ['19610701']);
    const exact = await search('/studies?PatientName=Last^First^mid^pre');
    assert.equal(exact.body.length, 1);
    assert.deepEqual(exact.body[0]?.['00100020']?.Value, ['id00001']);
  });

  it('series and instance answers carry the study (and series) attributes with counts', async () => {
    const { body: series } = await search(`/series?SeriesInstanceUID=${ct.series}`);
    const s = series[0] ?? {};
    for (const tag of [
      '0020000D',
      '00100010',
      '00100020',
      '00080020',
      '00080050',
      '00080061',
      '00201206',
      '00201208',
    ]) {
      assert.ok(s[tag], `series answer has ${tag}`);
    }
    assert.deepEqual(s['00080061']?.Value, ['CT']);
    assert.deepEqual(s['00201206']?.Value, [1]);
    assert.deepEqual(s['00201208']?.Value, [1]);
    const { body: inst } = await search(`/studies/${ct.study}/series/${ct.series}/instances`);
    const i = inst[0] ?? {};
    for (const tag of ['0020000D', '0020000E', '00080060', '00200011', '00201209', '00100010', '00080061']) {
      assert.ok(i[tag], `instance answer has ${tag}`);
    }
    assert.deepEqual(i['00280100']?.Value, [16]);
    assert.deepEqual(i['00201209']?.Value, [1]);
  });

  it('instances without pixel data have no NumberOfFrames, Rows, Columns or BitsAllocated; SEG has BitsAllocated 1', async () => {
    const { body } = await search('/instances?Modality=RTPLAN');
    assert.equal(body.length, 1);
    for (const tag of ['00280008', '00280010', '00280011', '00280100'])
      assert.equal(body[0]?.[tag], undefined, tag);
    const sr = await search('/instances?Modality=SR');
    assert.equal(sr.body[0]?.['00280008'], undefined);
    const seg = await search('/instances?Modality=SEG');
    assert.deepEqual(seg.body[0]?.['00280100']?.Value, [1]);
    assert.deepEqual(seg.body[0]?.['00280008']?.Value, [1]);
  });

  it('a search past the node maximum says so and pages with offset and Link: rel="next"', async () => {
    const first = await search('/studies?limit=10');
    assert.equal(first.body.length, 2);
    assert.match(first.headers.get('warning') ?? '', /limit=10 is above this node's maximum of 2/);
    assert.match(
      first.headers.get('warning') ?? '',
      /more studies match than the 2 in this answer \(results 1-2\); ask offset=2/,
    );
    const link = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    assert.ok(link, 'Link rel=next');
    assert.match(link, /offset=2/);
    const seen = new Set(first.body.map((s) => s['0020000D']?.Value?.[0]));
    let next: string | undefined = link;
    while (next) {
      const r = await fetch(next, { headers: { accept: 'application/dicom+json' } });
      for (const s of (await r.json()) as Json[]) seen.add(s['0020000D']?.Value?.[0]);
      next = /<([^>]+)>; rel="next"/.exec(r.headers.get('link') ?? '')?.[1];
    }
    const all = (await f.db.db.selectFrom('study').select('study_uid').execute()).map((r) => r.study_uid);
    assert.deepEqual([...seen].sort(), all.sort());
  });

  it('metadata in application/dicom+xml is a well-formed Native DICOM Model per instance', async () => {
    const r = await fetch(`${f.baseUrl}/studies/${ct.study}/metadata`, {
      headers: { accept: 'multipart/related; type="application/dicom+xml"' },
    });
    assert.equal(r.status, 200);
    const type = r.headers.get('content-type') ?? '';
    assert.match(type, /^multipart\/related; type="application\/dicom\+xml"; boundary=/);
    const boundary = /boundary=(\S+)/.exec(type)?.[1] ?? '';
    const body = await r.text();
    const parts = body.split(`--${boundary}`).slice(1, -1);
    assert.equal(parts.length, 1);
    const xml = (parts[0] ?? '').split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\r\n$/, '');
    const file = join(f.dir, 'meta.xml');
    writeFileSync(file, xml);
    const q = (xpath: string): string => execFileSync('xmllint', ['--xpath', xpath, file]).toString().trim();
    assert.equal(q('string(/NativeDicomModel/DicomAttribute[@tag="00080018"]/Value)'), ct.sop);
    assert.equal(
      q('string(/NativeDicomModel/DicomAttribute[@keyword="PatientName"]/PersonName/Alphabetic/FamilyName)'),
      'CompressedSamples',
    );
    assert.equal(q('string(/NativeDicomModel/DicomAttribute[@tag="00100030"]/Value)'), '19610701');
    assert.match(
      q('string(/NativeDicomModel/DicomAttribute[@tag="7FE00010"]/BulkData/@uri)'),
      /\/bulkdata\/7FE00010$/,
    );
  });

  it('CORS: allowed origins get the headers (errors too) and a preflight; others get none', async () => {
    const r = await fetch(`${f.baseUrl}/studies`, { headers: { origin: 'http://viewer.test' } });
    assert.equal(r.headers.get('access-control-allow-origin'), 'http://viewer.test');
    assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
    assert.match(r.headers.get('access-control-expose-headers') ?? '', /warning, link/);
    const missing = await fetch(`${f.baseUrl}/studies/1.2.3`, { headers: { origin: 'http://viewer.test' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('access-control-allow-origin'), 'http://viewer.test');
    const pre = await fetch(`${f.baseUrl}/studies`, {
      method: 'OPTIONS',
      headers: { origin: 'http://viewer.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.status, 204);
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    const other = await fetch(`${f.baseUrl}/studies`, { headers: { origin: 'http://evil.test' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
