import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { CieError } from '../errors.js';
import { el, encodePart10, formatDS, type DicomElement } from './write-part10.js';
import { sopClasses, tags as T } from './tags.js';

const sop = '1.2.826.0.1.3680043.8.498.99.1.2.3'; // odd length: NUL-padded
const pixels = Uint8Array.from({ length: 4 * 4 * 2 }, (_, i) => i);
const dataset: DicomElement[] = [
  el(T.PixelData, 'OW', pixels), // out of order on purpose: the writer sorts
  el(T.SOPClassUID, 'UI', sopClasses.ctImage),
  el(T.SOPInstanceUID, 'UI', sop),
  el(T.PatientName, 'PN', 'DEMO-000001'),
  el(T.PatientID, 'LO', 'ABC'), // odd length: space-padded
  el(T.ImageType, 'CS', ['ORIGINAL', 'PRIMARY', 'AXIAL']),
  el(T.PixelSpacing, 'DS', [0.7031, 0.7031]),
  el(T.InstanceNumber, 'IS', 7),
  el(T.Rows, 'US', 4),
  el(T.Columns, 'US', 4),
  el(T.SamplesPerPixel, 'US', 1),
  el(T.PhotometricInterpretation, 'CS', 'MONOCHROME2'),
  el(T.BitsAllocated, 'US', 16),
  el(T.BitsStored, 'US', 12),
  el(T.HighBit, 'US', 11),
  el(T.PixelRepresentation, 'US', 0),
  el(T.PixelIntensityRelationshipSign, 'SS', -1),
  el(T.DeidentificationMethodCodeSequence, 'SQ', [
    [
      el(T.CodeValue, 'SH', '113100'),
      el(T.CodingSchemeDesignator, 'SH', 'DCM'),
      el(T.CodeMeaning, 'LO', 'Basic'),
    ],
    [
      el(T.CodeValue, 'SH', 'X'),
      el(T.CodingSchemeDesignator, 'SH', 'DCM'),
      el(T.AnatomicRegionSequence, 'SQ', [[el(T.CodeValue, 'SH', 'nested')]]),
    ],
  ]),
  el(T.ViewModifierCodeSequence, 'SQ', []),
];

function withFile(bytes: Buffer, fn: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'cie-part10-'));
  try {
    const path = join(dir, 'x.dcm');
    writeFileSync(path, bytes);
    fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a written file has the preamble, a File Meta group with a correct group length, and sorted tags', () => {
  const bytes = encodePart10({ sopClassUid: sopClasses.ctImage, sopInstanceUid: sop }, dataset);
  assert.equal(bytes.subarray(128, 132).toString('latin1'), 'DICM');
  const groupLength = bytes.readUInt32LE(128 + 4 + 8);
  // The first element after the File Meta group is in group 0008.
  const afterMeta = 128 + 4 + 12 + groupLength;
  assert.equal(bytes.readUInt16LE(afterMeta), 0x0008);
  assert.equal(bytes.length % 2, 0);
  const parsed = dicomParser.parseDicom(bytes);
  assert.equal(parsed.string('x00020010'), '1.2.840.10008.1.2.1');
  assert.equal(parsed.string('x00080018'), sop);
  assert.equal(parsed.string('x00100020'), 'ABC');
  assert.equal(parsed.string('x00080008'), 'ORIGINAL\\PRIMARY\\AXIAL');
  assert.equal(parsed.uint16('x00280010'), 4);
  assert.equal(parsed.int16('x00281041'), -1);
  assert.equal(parsed.intString('x00200013'), 7);
  const seq = parsed.elements.x00120064?.items ?? [];
  assert.equal(seq.length, 2);
  assert.equal(seq[0]?.dataSet?.string('x00080100'), '113100');
  assert.equal(seq[1]?.dataSet?.elements.x00082218?.items?.[0]?.dataSet?.string('x00080100'), 'nested');
  const px = parsed.elements.x7fe00010!;
  assert.deepEqual(new Uint8Array(bytes.buffer, bytes.byteOffset + px.dataOffset, px.length), pixels);
});

test('dcmdump and pydicom read the file with the values written, sequences included', () => {
  const bytes = encodePart10({ sopClassUid: sopClasses.ctImage, sopInstanceUid: sop }, dataset);
  withFile(bytes, (path) => {
    const dump = execFileSync('dcmdump', ['-q', path], { encoding: 'utf8' });
    assert.match(dump, /\(0002,0000\) UL \d+/);
    assert.match(dump, /\(0010,0020\) LO \[ABC\]/);
    assert.match(dump, /\(0028,0030\) DS \[0\.7031\\0\.7031\]/);
    assert.match(dump, /\(0008,0104\) LO \[Basic\]/);
    const py = [
      'import sys, pydicom',
      'ds = pydicom.dcmread(sys.argv[1])',
      'print(ds.file_meta.FileMetaInformationGroupLength)',
      'print(ds.SOPInstanceUID, ds.PatientID, ds.InstanceNumber, [float(x) for x in ds.PixelSpacing])',
      'print(ds.DeidentificationMethodCodeSequence[1].AnatomicRegionSequence[0].CodeValue)',
      'print(ds.pixel_array.shape, int(ds.pixel_array[0, 1]))',
    ].join('\n');
    const out = execFileSync('/usr/bin/python3', ['-c', py, path], { encoding: 'utf8' }).trim().split('\n');
    const metaLength = bytes.readUInt32LE(140);
    assert.equal(out[0], String(metaLength));
    assert.equal(out[1], `${sop} ABC 7 [0.7031, 0.7031]`);
    assert.equal(out[2], 'nested');
    assert.equal(out[3], `(4, 4) ${2 + 3 * 256}`);
  });
});

test('bad values are refused with DICOM_INVALID and a message naming the tag', () => {
  const meta = { sopClassUid: sopClasses.ctImage, sopInstanceUid: sop };
  const cases: Array<[DicomElement[], RegExp]> = [
    [[el(T.Modality, 'CS', 'CT'), el(T.Modality, 'CS', 'MR')], /\(0008,0060\): element appears twice/],
    [[el(T.Modality, 'CS', 'THIS IS TOO LONG FOR CS')], /longer than 16/],
    [[el(T.PatientName, 'PN', 'Müller')], /ASCII/],
    [[el(T.PatientName, 'PN', 'A\\B')], /backslash/],
    [[el(T.InstanceNumber, 'IS', 1.5)], /integer/],
    [[el(T.PixelData, 'OW', Uint8Array.of(1, 2, 3))], /even number of bytes/],
    [[el(0x00020010, 'UI', '1.2')], /File Meta/],
  ];
  for (const [ds, message] of cases) {
    assert.throws(
      () => encodePart10(meta, ds),
      (err: unknown) => err instanceof CieError && err.code === 'DICOM_INVALID' && message.test(err.message),
    );
  }
});

test('decimal strings fit in 16 characters', () => {
  assert.equal(formatDS(0.5), '0.5');
  assert.equal(formatDS(-1024), '-1024');
  assert.ok(formatDS(1 / 3).length <= 16);
  assert.equal(Number(formatDS(1 / 3)).toFixed(10), (1 / 3).toFixed(10));
  assert.ok(formatDS(123456789.12345679).length <= 16);
});
