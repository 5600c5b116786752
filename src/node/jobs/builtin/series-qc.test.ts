/**
 * QC of one series from real DICOM files written for the test: a regular axial stack, one with a
 * missing slice, one with a duplicate position, one with a slice of other dimensions, a sagittal
 * stack, and intensity from uncompressed pixel data with the rescale applied.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { el, encodePart10 } from '../../../dicom/write-part10.js';
import { seriesQc } from './series-qc.js';

const dir = mkdtempSync(join(tmpdir(), 'cie-qc-'));
let n = 0;

function slice(o: { z: number; rows?: number; orientation?: number[]; pixels?: number[] }): string {
  n += 1;
  const rows = o.rows ?? 2;
  const px = new Uint8Array(new Int16Array(o.pixels ?? new Array(rows * 2).fill(100)).buffer);
  const uid = `1.2.3.4.${n}`;
  const orientation = o.orientation ?? [1, 0, 0, 0, 1, 0];
  const position = orientation[0] === 1 ? [0, 0, o.z] : [o.z, 0, 0];
  const bytes = encodePart10({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: uid }, [
    el(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
    el(0x00080018, 'UI', uid),
    el(0x00180050, 'DS', 2.5),
    el(0x00200032, 'DS', position),
    el(0x00200037, 'DS', orientation),
    el(0x00280002, 'US', 1),
    el(0x00280010, 'US', rows),
    el(0x00280011, 'US', 2),
    el(0x00280030, 'DS', [0.5, 0.5]),
    el(0x00280100, 'US', 16),
    el(0x00280101, 'US', 16),
    el(0x00280102, 'US', 15),
    el(0x00280103, 'US', 1),
    el(0x00281052, 'DS', -1024),
    el(0x00281053, 'DS', 1),
    el(0x7fe00010, 'OW', px),
  ]);
  const file = join(dir, `${n}.dcm`);
  writeFileSync(file, bytes);
  return file;
}

describe('series QC', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a regular axial stack and reports spacing, thickness and rescaled intensity', () => {
    const files = [0, 2, 4, 6].map((z) => slice({ z, pixels: [0, 50, 1000, 2000] }));
    const qc = seriesQc(files, 1.5);
    assert.deepEqual(
      { ...qc },
      {
        instances: 4,
        unreadable: 0,
        orientation: 'axial',
        inconsistentGeometry: false,
        missingSlices: 0,
        duplicateSlices: 0,
        sliceThicknessMm: 2.5,
        sliceSpacingMm: 2,
        minIntensity: -1024,
        maxIntensity: 976,
      },
    );
  });

  it('finds missing slices from a gap and duplicates from a repeated position', () => {
    assert.equal(
      seriesQc(
        [0, 2, 8, 10].map((z) => slice({ z })),
        1.5,
      ).missingSlices,
      2,
    );
    assert.equal(
      seriesQc(
        [0, 2, 2, 4].map((z) => slice({ z })),
        1.5,
      ).duplicateSlices,
      1,
    );
  });

  it('flags a slice of other dimensions, tells sagittal stacks, counts unreadable files', () => {
    assert.equal(seriesQc([slice({ z: 0 }), slice({ z: 2, rows: 4 })], 1.5).inconsistentGeometry, true);
    assert.equal(
      seriesQc(
        [0, 1].map((z) => slice({ z, orientation: [0, 1, 0, 0, 0, -1] })),
        1.5,
      ).orientation,
      'sagittal',
    );
    const junk = join(dir, 'junk.dcm');
    writeFileSync(junk, 'not dicom');
    assert.equal(seriesQc([slice({ z: 0 }), junk], 1.5).unreadable, 1);
  });
});
