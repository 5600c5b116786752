/**
 * Compressed images served as clients ask, checked against reference decoders that are not ours:
 * files compressed by dcmtk (dcmcjpeg, dcmcjpls, dcmcrle) and GDCM (gdcmconv --j2k), decoded by
 * the node to application/octet-stream frames and to Explicit VR Little Endian instances, and
 * compared byte for byte with dcmdjpeg / dcmdjpls / dcmdrle / gdcmconv --raw; the transcoded
 * instances are read by dcmdump and checked by dciodvfy. Also `transfer-syntax=*` (OHIF), SEG
 * frames of 1 bit, and rendered JPEG/PNG with window, viewport and quality.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import dicomParser from 'dicom-parser';
import sharp from 'sharp';
import { parseMediaType } from './media-type.js';
import { boundaryOf, readMultipart } from './multipart-reader.js';
import { pydicomDir, startDicomweb, type DicomwebFixture } from './testing/fixtures.js';

interface Variant {
  name: string;
  source: string;
  /** Compress `in` into `out` (none: the source is compressed already). */
  compress?: [string, string[]];
  /** Decode `in` into `out` (the reference). */
  reference: [string, string[]];
  mediaType: string;
}

const dcmtk = (tool: string, ...opts: string[]): [string, string[]] => [tool, opts];
const variants: Variant[] = [
  {
    name: 'JPEG lossless SV1, 16-bit signed CT',
    source: 'CT_small.dcm',
    compress: dcmtk('dcmcjpeg', '+e1'),
    reference: dcmtk('dcmdjpeg'),
    mediaType: 'image/jpeg',
  },
  {
    name: 'JPEG lossless, MR',
    source: 'MR_small.dcm',
    compress: dcmtk('dcmcjpeg', '+el'),
    reference: dcmtk('dcmdjpeg'),
    mediaType: 'image/jpeg',
  },
  {
    name: 'JPEG extended 12-bit, CT',
    source: 'CT_small.dcm',
    compress: dcmtk('dcmcjpeg', '+ee'),
    reference: dcmtk('dcmdjpeg'),
    mediaType: 'image/jpeg',
  },
  {
    name: 'JPEG baseline YBR_FULL_422, RGB',
    source: 'SC_rgb_small_odd.dcm',
    compress: dcmtk('dcmcjpeg', '+eb'),
    reference: dcmtk('dcmdjpeg'),
    mediaType: 'image/jpeg',
  },
  {
    name: 'JPEG-LS lossless, CT',
    source: 'CT_small.dcm',
    compress: dcmtk('dcmcjpls'),
    reference: dcmtk('dcmdjpls'),
    mediaType: 'image/jls',
  },
  {
    name: 'RLE, CT',
    source: 'CT_small.dcm',
    compress: dcmtk('dcmcrle'),
    reference: dcmtk('dcmdrle'),
    mediaType: 'image/x-dicom-rle',
  },
  {
    name: 'RLE, RGB 2 frames',
    source: 'SC_rgb_2frame.dcm',
    compress: dcmtk('dcmcrle'),
    reference: dcmtk('dcmdrle'),
    mediaType: 'image/x-dicom-rle',
  },
  {
    name: 'JPEG 2000 lossless, CT',
    source: 'CT_small.dcm',
    compress: ['gdcmconv', ['--j2k']],
    reference: ['gdcmconv', ['--raw']],
    mediaType: 'image/jp2',
  },
  {
    name: 'JPEG 2000, RGB (GDCM)',
    source: 'GDCMJ2K_TextGBR.dcm',
    reference: ['gdcmconv', ['--raw']],
    mediaType: 'image/jp2',
  },
];

type Json = Record<string, { Value?: unknown[] } | undefined>;

function pixelData(file: string): { bytes: Buffer; planar: number; photometric: string; ts: string } {
  const b = readFileSync(file);
  const ds = dicomParser.parseDicom(b);
  const px = ds.elements.x7fe00010;
  assert.ok(px, `${file} has Pixel Data`);
  return {
    bytes: b.subarray(px.dataOffset, px.dataOffset + px.length),
    planar: ds.uint16('x00280006') ?? 0,
    photometric: (ds.string('x00280004') ?? '').trim(),
    ts: (ds.string('x00020010') ?? '').replace(/\0/g, '').trim(),
  };
}

/** Planar colour → interleaved, for comparing with our interleaved output. */
function interleaved(bytes: Buffer, frames: number): Buffer {
  const out = Buffer.alloc(bytes.length);
  const per = bytes.length / frames;
  const n = per / 3;
  for (let f = 0; f < frames; f++) {
    for (let i = 0; i < n; i++)
      for (let c = 0; c < 3; c++) out[f * per + i * 3 + c] = bytes[f * per + c * n + i] ?? 0;
  }
  return out;
}

function uidOf(file: string, tag: string): string {
  return (dicomParser.parseDicom(readFileSync(file)).string(tag) ?? '').replace(/\0/g, '').trim();
}

describe('compressed images: decoded, transcoded and rendered with real codecs', () => {
  let f: DicomwebFixture;
  const made = new Map<string, { file: string; reference: string; url: string; frames: number }>();

  before(async () => {
    f = await startDicomweb('pglite', [
      'CT_small.dcm',
      'liver_1frame.dcm',
      'SC_ybr_full_422_uncompressed.dcm',
    ]);
    // A 2-frame RGB image (pydicom's RLE one, decoded by dcmtk): RLE of several frames.
    execFileSync('dcmdrle', [join(pydicomDir, 'SC_rgb_rle_2frame.dcm'), join(f.dir, 'SC_rgb_2frame.dcm')]);
    for (const [i, v] of variants.entries()) {
      const src = v.source.startsWith('SC_rgb_2frame') ? join(f.dir, v.source) : join(pydicomDir, v.source);
      const file = join(f.dir, `v${i}.dcm`);
      if (v.compress) execFileSync(v.compress[0], [...v.compress[1], src, file]);
      else copyFileSync(src, file);
      // New UIDs: each variant is its own study, beside the original.
      execFileSync('dcmodify', ['-nb', '-gst', '-gse', '-gin', file]);
      const reference = join(f.dir, `v${i}-ref.dcm`);
      execFileSync(v.reference[0], [...v.reference[1], file, reference]);
      await f.store.storeInstance(file);
      const url = `${f.baseUrl}/studies/${uidOf(file, 'x0020000d')}/series/${uidOf(file, 'x0020000e')}/instances/${uidOf(file, 'x00080018')}`;
      const frames = dicomParser.parseDicom(readFileSync(file)).intString('x00280008') ?? 1;
      made.set(v.name, { file, reference, url, frames });
    }
  });
  after(async () => f.close());

  async function parts(r: Response): Promise<Array<{ type: string; bytes: Buffer }>> {
    assert.equal(r.status, 200, await r.clone().text());
    const type = r.headers.get('content-type') ?? '';
    const dir = join(f.dir, `mp-${Math.random().toString(36).slice(2)}`);
    execFileSync('mkdir', ['-p', dir]);
    const got = await readMultipart(
      Readable.from([Buffer.from(await r.arrayBuffer())]),
      boundaryOf(type, parseMediaType(type).params.type ?? ''),
      dir,
      1e9,
    );
    return Promise.all(
      got.map(async (p) => ({ type: p.headers['content-type'] ?? '', bytes: await readFile(p.file) })),
    );
  }

  for (const v of variants) {
    it(`${v.name}: octet-stream frames equal the reference decoder's pixels`, async () => {
      const m = made.get(v.name);
      assert.ok(m);
      const list = Array.from({ length: m.frames }, (_, i) => i + 1).join(',');
      const got = await parts(
        await fetch(`${m.url}/frames/${list}`, {
          headers: { accept: 'multipart/related; type="application/octet-stream"' },
        }),
      );
      assert.equal(got.length, m.frames);
      for (const p of got)
        assert.equal(p.type, 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1');
      const ref = pixelData(m.reference);
      const expected = ref.planar === 1 ? interleaved(ref.bytes, m.frames) : ref.bytes;
      const ours = Buffer.concat(got.map((p) => p.bytes));
      // The reference's Pixel Data is padded to an even length; frames are not.
      assert.ok(
        ours.length === expected.length || ours.length === expected.length - 1,
        `${ours.length} bytes`,
      );
      assert.ok(ours.equals(expected.subarray(0, ours.length)), 'pixels differ from the reference');
    });

    it(`${v.name}: transfer-syntax=* (OHIF) gives the stored frames with their media type`, async () => {
      const m = made.get(v.name);
      assert.ok(m);
      const got = await parts(
        await fetch(`${m.url}/frames/1`, {
          headers: { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
        }),
      );
      const stored = pixelData(m.file).ts;
      assert.equal(got[0]?.type, `${v.mediaType}; transfer-syntax=${stored}`);
      assert.ok((got[0]?.bytes.length ?? 0) > 0);
    });

    it(`${v.name}: the instance by default is Explicit VR Little Endian, read by dcmdump, checked by dciodvfy`, async () => {
      const m = made.get(v.name);
      assert.ok(m);
      const r = await fetch(m.url, { headers: { accept: 'application/dicom' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1');
      const out = join(f.dir, `${m.file}.le.dcm`.split('/').pop() ?? 'x.dcm');
      writeFileSync(out, Buffer.from(await r.arrayBuffer()));
      assert.match(execFileSync('dcmdump', ['+P', '0002,0010', out]).toString(), /LittleEndianExplicit/);
      const ours = pixelData(out);
      const ref = pixelData(m.reference);
      assert.equal(ours.photometric, ref.photometric);
      assert.ok(
        ours.bytes.equals(ref.planar === 1 ? interleaved(ref.bytes, m.frames) : ref.bytes),
        'pixel data',
      );
      // dciodvfy: no error that the reference decoder's file does not have too.
      const errors = (file: string): string[] => {
        let text: string;
        try {
          text = execFileSync('dciodvfy', [file], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
        } catch (err) {
          text =
            String((err as { stderr?: Buffer }).stderr ?? '') +
            String((err as { stdout?: Buffer }).stdout ?? '');
        }
        return text.split('\n').filter((l) => l.startsWith('Error'));
      };
      const known = new Set(errors(m.reference));
      const extra = errors(out).filter((e) => !known.has(e));
      assert.deepEqual(extra, []);
    });
  }

  it('SEG frames of 1 bit are served (bit-packed) and rendered', async () => {
    const seg = (await (
      await fetch(`${f.baseUrl}/instances?Modality=SEG`, { headers: { accept: 'application/dicom+json' } })
    ).json()) as Json[];
    const url = String(seg[0]?.['00081190']?.Value?.[0]);
    const got = await parts(
      await fetch(`${url}/frames/1`, {
        headers: { accept: 'multipart/related; type="application/octet-stream"' },
      }),
    );
    assert.equal(got[0]?.bytes.length, (512 * 512) / 8);
    const ref = pixelData(join(pydicomDir, 'liver_1frame.dcm'));
    assert.ok(got[0]?.bytes.equals(ref.bytes.subarray(0, (512 * 512) / 8)));
    const png = await fetch(`${url}/rendered`, { headers: { accept: 'image/png' } });
    assert.equal(png.status, 200);
    const stats = await sharp(Buffer.from(await png.arrayBuffer())).stats();
    assert.equal(stats.channels[0]?.max, 255);
    assert.equal(stats.channels[0]?.min, 0);
  });

  it('YBR_FULL_422 renders in colour; rendered JPEG follows viewport and quality', async () => {
    const sc = (await (
      await fetch(`${f.baseUrl}/instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.7`, {
        headers: { accept: 'application/dicom+json' },
      })
    ).json()) as Json[];
    const ybr = sc.find(
      (s) => s['00280010']?.Value?.[0] === 100 && String(s['00081190']?.Value?.[0]).length > 0,
    );
    assert.ok(ybr);
    const jpeg = await fetch(`${String(ybr['00081190']?.Value?.[0])}/rendered`, {
      headers: { accept: 'image/jpeg' },
    });
    assert.equal(jpeg.status, 200);
    assert.equal(jpeg.headers.get('content-type'), 'image/jpeg');
    const meta = await sharp(Buffer.from(await jpeg.arrayBuffer())).metadata();
    assert.equal(meta.channels, 3);
    const ct = `${f.baseUrl}/studies/1.3.6.1.4.1.5962.1.2.1.20040119072730.12322/series/1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322/instances/1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322`;
    const get = async (q: string): Promise<Buffer> => {
      const r = await fetch(`${ct}/rendered${q}`, { headers: { accept: 'image/jpeg' } });
      assert.equal(r.status, 200, q);
      return Buffer.from(await r.arrayBuffer());
    };
    const small = await sharp(await get('?viewport=64,64')).metadata();
    assert.deepEqual([small.width, small.height], [64, 64]);
    const crop = await sharp(await get('?viewport=100,50,0,0,128,64')).metadata();
    assert.deepEqual([crop.width, crop.height], [100, 50]);
    assert.ok((await get('?quality=10')).length < (await get('?quality=95')).length);
    const narrow = await sharp(await get('?window=40,80')).stats();
    const wide = await sharp(await get('?window=40,4000')).stats();
    assert.ok(
      (narrow.channels[0]?.stdev ?? 0) > (wide.channels[0]?.stdev ?? 0),
      'a narrow window has more contrast',
    );
    const bad = await fetch(`${ct}/rendered?viewport=0,10`, { headers: { accept: 'image/jpeg' } });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /viewport width and height must be integers from 1 to 8192/);
  });
});
