/**
 * Conformance with a real DICOMweb client: dicomweb-client (what OHIF uses) against our server on
 * loopback, over real DICOM files. Retrieved instances must be byte-identical to the originals
 * (SHA-256) and readable by dcmdump.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api } from 'dicomweb-client';
import { backends } from '../../../test/support/db.js';
import { pydicomDir, startDicomweb, type DicomwebFixture } from './testing/fixtures.js';

const XMLHttpRequest = createRequire(import.meta.url)('xhr2') as unknown;
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = XMLHttpRequest;

const files = [
  'CT_small.dcm',
  'MR_small.dcm',
  'J2K_pixelrep_mismatch.dcm',
  'SC_rgb_small_odd.dcm',
  'SC_rgb_jpeg_dcmtk.dcm',
];
const sha = (b: ArrayBuffer | Uint8Array): string =>
  createHash('sha256')
    .update(b instanceof Uint8Array ? b : new Uint8Array(b))
    .digest('hex');

/** dicomweb-client's declarations type its methods as synchronous; they return promises. */
type Method = (options?: Record<string, unknown>) => Promise<unknown>;
type Client = Record<
  | 'searchForStudies'
  | 'searchForSeries'
  | 'searchForInstances'
  | 'retrieveInstance'
  | 'retrieveSeries'
  | 'retrieveStudyMetadata'
  | 'retrieveInstanceRendered'
  | 'retrieveInstanceFrames'
  | 'storeInstances',
  Method
>;

type Json = Record<string, { Value?: unknown[] } | undefined>;
const value = (o: Json, tag: string): unknown => o[tag]?.Value?.[0];

const ct = {
  study: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322',
  series: '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322',
  sop: '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322',
};

for (const backend of backends()) {
  describe(`DICOMweb conformance with dicomweb-client (${backend})`, () => {
    let f: DicomwebFixture;
    let client: Client;
    before(async () => {
      f = await startDicomweb(backend, files);
      client = new api.DICOMwebClient({ url: f.baseUrl, singlepart: false }) as unknown as Client;
    });
    after(async () => f.close());

    it('searchForStudies finds every study and filters by modality and date range', async () => {
      const all = (await client.searchForStudies()) as Json[];
      assert.equal(all.length, 4);
      const ctStudies = (await client.searchForStudies({
        queryParams: { ModalitiesInStudy: 'CT' },
      })) as Json[];
      assert.equal(ctStudies.length, 2);
      assert.ok(ctStudies.some((s) => value(s, '0020000D') === ct.study));
      assert.ok(ctStudies.every((s) => (s['00080061']?.Value ?? []).includes('CT')));
      const y2004 = (await client.searchForStudies({
        queryParams: { StudyDate: '20040101-20041231' },
      })) as Json[];
      assert.equal(y2004.length, 2);
      const first = y2004.find((s) => value(s, '0020000D') === ct.study);
      assert.ok(first);
      assert.equal(value(first, '00201208'), 1);
      assert.deepEqual(first['00080061']?.Value, ['CT']);
      assert.equal(value(first, '00081190'), `${f.baseUrl}/studies/${ct.study}`);
    });

    it('searchForSeries and searchForInstances walk the hierarchy', async () => {
      const series = (await client.searchForSeries({ studyInstanceUID: ct.study })) as Json[];
      assert.equal(series.length, 1);
      assert.equal(value(series[0] ?? {}, '0020000E'), ct.series);
      assert.equal(value(series[0] ?? {}, '00080060'), 'CT');
      const instances = (await client.searchForInstances({
        studyInstanceUID: ct.study,
        seriesInstanceUID: ct.series,
      })) as Json[];
      assert.deepEqual(
        instances.map((i) => value(i, '00080018')),
        [ct.sop],
      );
      assert.equal(value(instances[0] ?? {}, '00280010'), 128);
    });

    it('retrieveInstance and retrieveSeries return the stored bytes unchanged (SHA-256, dcmdump)', async () => {
      const inst = (await client.retrieveInstance({
        studyInstanceUID: ct.study,
        seriesInstanceUID: ct.series,
        sopInstanceUID: ct.sop,
      })) as ArrayBuffer;
      assert.equal(sha(inst), sha(readFileSync(join(pydicomDir, 'CT_small.dcm'))));
      const out = join(f.dir, 'retrieved.dcm');
      writeFileSync(out, new Uint8Array(inst));
      assert.match(execFileSync('dcmdump', ['+P', '0008,0018', out]).toString(), /20040119072730\.12322/);
      const study = '1.2.826.0.1.3680043.8.498.12406831542731051035295345080039845114';
      const seriesList = (await client.searchForSeries({ studyInstanceUID: study })) as Json[];
      const seriesUid = String(value(seriesList[0] ?? {}, '0020000E'));
      // As stored: transfer-syntax=* (without it PS3.18's default, Explicit VR Little Endian, is
      // sent). dicomweb-client 0.11 cannot ask `*` for a series, so each instance is fetched.
      const listed = (await client.searchForInstances({
        studyInstanceUID: study,
        seriesInstanceUID: seriesUid,
      })) as Json[];
      const parts = await Promise.all(
        listed.map(async (i) => {
          const r = await fetch(String(value(i, '00081190')), {
            headers: { accept: 'application/dicom; transfer-syntax=*' },
          });
          return r.arrayBuffer();
        }),
      );
      const originals = ['SC_rgb_small_odd.dcm', 'SC_rgb_jpeg_dcmtk.dcm'].map((n) =>
        sha(readFileSync(join(pydicomDir, n))),
      );
      assert.deepEqual(parts.map(sha).sort(), originals.sort());
      const decoded = (await client.retrieveSeries({
        studyInstanceUID: study,
        seriesInstanceUID: seriesUid,
      })) as ArrayBuffer[];
      for (const p of decoded) {
        const file = join(f.dir, 'decoded.dcm');
        writeFileSync(file, new Uint8Array(p));
        assert.match(execFileSync('dcmdump', ['+P', '0002,0010', file]).toString(), /LittleEndianExplicit/);
      }
    });

    it('retrieveStudyMetadata gives DICOM JSON with a BulkDataURI for Pixel Data', async () => {
      const meta = (await client.retrieveStudyMetadata({ studyInstanceUID: ct.study })) as Json[];
      assert.equal(meta.length, 1);
      const m = meta[0] ?? {};
      assert.equal(value(m, '00080018'), ct.sop);
      assert.deepEqual(value(m, '00100010'), { Alphabetic: 'CompressedSamples^CT1' });
      const pixel = m['7FE00010'] as { BulkDataURI?: string } | undefined;
      assert.match(pixel?.BulkDataURI ?? '', /\/bulkdata\/7FE00010$/);
    });

    it('retrieveInstanceRendered gives a PNG of the image size', async () => {
      const [png] = (await client.retrieveInstanceRendered({
        studyInstanceUID: ct.study,
        seriesInstanceUID: ct.series,
        sopInstanceUID: ct.sop,
        mediaTypes: [{ mediaType: 'image/png' }],
      })) as ArrayBuffer[];
      assert.ok(png);
      const b = Buffer.from(png);
      assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG');
      assert.equal(b.readUInt32BE(16), 128);
      assert.equal(b.readUInt32BE(20), 128);
    });

    it('retrieveInstanceFrames gives the native frame bytes', async () => {
      const frames = (await client.retrieveInstanceFrames({
        studyInstanceUID: ct.study,
        seriesInstanceUID: ct.series,
        sopInstanceUID: ct.sop,
        frameNumbers: [1],
      })) as ArrayBuffer[];
      assert.equal(frames.length, 1);
      assert.equal(frames[0]?.byteLength, 128 * 128 * 2);
    });

    it('storeInstances stores a new instance that is then found and retrieved identically', async () => {
      const bytes = readFileSync(join(pydicomDir, 'rtplan.dcm'));
      await client.storeInstances({
        datasets: [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)],
      });
      const found = (await client.searchForInstances({
        queryParams: { SOPClassUID: '1.2.840.10008.5.1.4.1.1.481.5' },
      })) as Json[];
      assert.equal(found.length, 1);
      const sop = String(value(found[0] ?? {}, '00080018'));
      const inst = (await client.retrieveInstance({
        studyInstanceUID: String(value(found[0] ?? {}, '0020000D')),
        seriesInstanceUID: String(value(found[0] ?? {}, '0020000E')),
        sopInstanceUID: sop,
      })) as ArrayBuffer;
      assert.equal(sha(inst), sha(bytes));
    });
  });
}
