/** Bad input over real HTTP: path tricks, unknown UIDs, malformed queries and STOW-RS bodies. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pydicomDir, startDicomweb, type DicomwebFixture } from './testing/fixtures.js';

const study = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const series = '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322';

describe('DICOMweb bad input', () => {
  let f: DicomwebFixture;
  before(async () => {
    f = await startDicomweb('pglite', ['CT_small.dcm'], { maxStowBytes: 200_000 });
  });
  after(async () => f.close());

  // node:http sends the path as written (fetch would resolve `..` and `%2E%2E` before sending).
  const get = (path: string, accept?: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const base = new URL(f.baseUrl);
      const opts = {
        host: base.hostname,
        port: base.port,
        path: base.pathname + path,
        headers: accept ? { accept } : {},
      };
      const req = request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end();
    });
  const post = async (body: Uint8Array | string, contentType: string) => {
    const r = await fetch(`${f.baseUrl}/studies`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType },
    });
    return { status: r.status, text: await r.text() };
  };

  it('rejects path tricks and non-UID characters in UIDs with 400', async () => {
    for (const bad of ['..', '%2E%2E', '1.2%2F..%2F3', '1.2.abc', '01.2', `${'1.'.repeat(40)}1`]) {
      const r = await get(`/studies/${bad}/series`);
      assert.equal(r.status, 400, bad);
      assert.match(r.text, /not a valid DICOM UID/);
    }
    assert.equal((await get(`/studies/${study}/series/..%2F..%2Fetc/metadata`)).status, 400);
  });

  it('answers 404 for unknown UIDs and 200 [] for searches without matches', async () => {
    assert.equal((await get('/studies/1.2.3.4')).status, 404);
    assert.equal((await get(`/studies/${study}/series/1.2.3/instances/1.2.3.4`)).status, 404);
    assert.equal((await get('/studies/1.2.3.4/series')).status, 404);
    const none = await get('/studies?PatientID=nobody');
    assert.equal(none.status, 200);
    assert.equal(none.text, '[]');
  });

  it('answers 400 for malformed values of supported keys, naming them', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/studies?StudyDate=2020', /StudyDate=2020/],
      ['/studies?StudyDate=20200230', /not a calendar date/],
      ['/studies?limit=-1', /limit must be a non-negative integer/],
      ['/studies?Modality=CT', /series-level attribute/],
      ['/studies?StudyInstanceUID=1.2.x', /not a valid UID/],
      ['/studies?fuzzymatching=maybe', /fuzzymatching/],
    ];
    for (const [path, re] of cases) {
      const r = await get(path);
      assert.equal(r.status, 400, path);
      assert.match(r.text, re, path);
    }
  });

  it('answers 400 naming the parameter for a NUL byte in a query value or a path', async () => {
    for (const q of ['PatientName=a%00b', 'PatientID=%00', 'StudyDescription=x%00*']) {
      const r = await get(`/studies?${q}`);
      assert.equal(r.status, 400, q);
      assert.match(r.text, new RegExp(`query\\.${q.split('=')[0]}: contains a NUL byte`));
    }
    assert.equal((await get(`/studies/${study}%00/series`)).status, 400);
  });

  it('ignores parameters it does not know or cannot match on, with a Warning naming each', async () => {
    const r = await fetch(
      `${f.baseUrl}/studies?NoSuchKeyword=1&PatientWeight=70&_=1699999999&includefield=Nope&PatientID=*`,
      { headers: { accept: 'application/dicom+json' } },
    );
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as unknown[]).length, 1);
    const warning = r.headers.get('warning') ?? '';
    assert.match(warning, /299 cie "query parameter NoSuchKeyword was ignored/);
    assert.match(warning, /PatientWeight \(00101030\) was ignored: this node cannot match on it/);
    assert.match(warning, /query parameter _ was ignored/);
    assert.match(warning, /includefield Nope was ignored/);
  });

  it('answers 406 for media types it cannot produce', async () => {
    const inst = `/studies/${study}/series/${series}/instances/1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322`;
    assert.equal((await get(inst, 'application/pdf')).status, 406);
    assert.equal(
      (await get(inst, 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50'))
        .status,
      406,
    );
    assert.equal((await get(`${inst}/rendered`, 'image/tiff')).status, 406);
    assert.equal((await get(`/studies/${study}/metadata`, 'text/html')).status, 406);
    assert.equal((await get(`${inst}/frames/2`)).status, 404);
  });

  it('rejects wrong content types (415), malformed multipart (400) and oversized bodies (413)', async () => {
    assert.equal((await post('{}', 'application/json')).status, 415);
    assert.equal(
      (await post('x', 'multipart/related; type="application/dicom+xml"; boundary=b')).status,
      415,
    );
    assert.equal((await post('x', 'multipart/related; type="application/dicom"')).status, 400);
    const noBoundary = await post(
      'garbage without the delimiter',
      'multipart/related; type="application/dicom"; boundary=abc',
    );
    assert.equal(noBoundary.status, 400);
    assert.match(noBoundary.text, /never occurs/);
    const truncated = await post(
      '--abc\r\nContent-Type: application/dicom\r\n\r\nDICM',
      'multipart/related; type="application/dicom"; boundary=abc',
    );
    assert.equal(truncated.status, 400);
    assert.match(truncated.text, /ends before the closing boundary/);
    const big = new Uint8Array(300_000);
    assert.equal((await post(big, 'multipart/related; type="application/dicom"; boundary=abc')).status, 413);
  });

  it('reports an invalid part as a failed SOP (409) and stores nothing', async () => {
    const body = '--abc\r\nContent-Type: application/dicom\r\n\r\nnot dicom at all\r\n--abc--\r\n';
    const r = await post(body, 'multipart/related; type="application/dicom"; boundary=abc');
    assert.equal(r.status, 409);
    const json = JSON.parse(r.text) as Record<
      string,
      { Value?: Array<Record<string, { Value?: unknown[] }>> }
    >;
    assert.equal(json['00081198']?.Value?.[0]?.['00081197']?.Value?.[0], 0xc000);
    assert.equal((await get('/instances')).text.match(/00080018/g)?.length, 1);
  });

  it('refuses an instance of another study posted to /studies/{study} (409, reason C409)', async () => {
    const file = readFileSync(join(pydicomDir, 'MR_small.dcm'));
    const body = Buffer.concat([
      Buffer.from('--abc\r\nContent-Type: application/dicom\r\n\r\n'),
      file,
      Buffer.from('\r\n--abc--\r\n'),
    ]);
    const r = await fetch(`${f.baseUrl}/studies/${study}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=abc' },
    });
    assert.equal(r.status, 409);
    assert.match(await r.text(), /"00081197":\{"vr":"US","Value":\[50185\]\}/);
  });
});
