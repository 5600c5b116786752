/** The streaming multipart reader gives back exactly the parts written, however the bytes are split. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { multipartStream } from './multipart.js';
import { boundaryOf, readMultipart } from './multipart-reader.js';

async function collect(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function chunked(body: Buffer, cuts: number[]): Readable {
  const points = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, body.length]) {
    if (p > prev) pieces.push(body.subarray(prev, p));
    prev = p;
  }
  return Readable.from(pieces);
}

describe('multipart/related reader', () => {
  it('round-trips what the writer produces, for any part contents and any chunking', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cie-mp-'));
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }),
          fc.array(fc.nat(), { maxLength: 12 }),
          async (parts, cuts) => {
            const boundary = 'b0undary';
            const body = await collect(
              multipartStream(
                boundary,
                parts.map((bytes) => ({ contentType: 'application/dicom', bytes })),
              ),
            );
            const got = await readMultipart(chunked(body, cuts), boundary, dir, 1e9);
            assert.equal(got.length, parts.length);
            for (const [i, p] of got.entries()) {
              assert.deepEqual(new Uint8Array(await readFile(p.file)), parts[i]);
              assert.equal(p.headers['content-type'], 'application/dicom');
            }
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the boundary from the Content-Type, quoted or not', () => {
    assert.equal(
      boundaryOf('multipart/related; type="application/dicom"; boundary="a b"', 'application/dicom'),
      'a b',
    );
    assert.equal(
      boundaryOf('multipart/related;type=application/dicom;boundary=xyz', 'application/dicom'),
      'xyz',
    );
    assert.throws(
      () => boundaryOf('application/dicom', 'application/dicom'),
      /expected Content-Type multipart\/related/,
    );
  });

  it('accepts what real clients send: long boundaries (Orthanc: 73), any order, charset, start', () => {
    const orthanc = 'a'.repeat(36) + '-' + 'b'.repeat(36);
    assert.equal(orthanc.length, 73);
    assert.equal(
      boundaryOf(`multipart/related; type="application/dicom"; boundary=${orthanc}`, 'application/dicom'),
      orthanc,
    );
    assert.equal(
      boundaryOf(
        'Multipart/Related; Boundary="x:y=z"; charset=utf-8; start="<1>"; TYPE="Application/DICOM"',
        'application/dicom',
      ),
      'x:y=z',
    );
    assert.equal(
      boundaryOf('multipart/related; boundary=DICOMwebBoundary', 'application/dicom'),
      'DICOMwebBoundary',
    );
    assert.equal(
      boundaryOf(
        'multipart/related; type="application/dicom; transfer-syntax=*"; boundary=q',
        'application/dicom',
      ),
      'q',
    );
  });

  it('says precisely what is wrong with a Content-Type', () => {
    const dicom = 'application/dicom';
    assert.throws(
      () => boundaryOf('multipart/related; type="application/dicom"', dicom),
      /has no boundary parameter/,
    );
    assert.throws(() => boundaryOf('multipart/related; boundary=""', dicom), /boundary parameter is empty/);
    assert.throws(
      () => boundaryOf(`multipart/related; boundary=${'x'.repeat(1001)}`, dicom),
      /1001 characters long/,
    );
    assert.throws(
      () => boundaryOf('multipart/related; boundary="a\tb"', dicom),
      /control character 0x09 at position 2/,
    );
    assert.throws(
      () => boundaryOf('multipart/related; type="application/json"; boundary=b', dicom),
      /send type="application\/dicom"/,
    );
  });
});
