import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { PYDICOM_DATA, TEST_FILES } from '../../test/support/dicom-corpus.js';
import { walkHeader } from './header-walk.js';
import {
  parseHeader,
  parseHeaderPrefix,
  parseWithDicomParser,
  rejectReasons,
  type RejectReason,
} from './parse-header.js';
import { examineFile, FIRST_CHUNK } from './read-header.js';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

/**
 * The pydicom files our parser rejects, each with the reason it must give. Every other file under
 * pydicom/data that is not listed as NOT_DICOM by extension must be indexed.
 */
const expectedRejections: Record<string, RejectReason> = {
  // Not DICOM: "no_meta.dcm" is described by pydicom as CT_small without file meta, but its first
  // byte is a stray 0x20, so the dataset is shifted by one byte. dcmdump fails on it ("Unknown Tag
  // (0820,0500) larger than remaining bytes"), and pydicom reads it only with force=True, as one
  // meaningless element. Both agree it is unreadable; we say NOT_DICOM.
  'test_files/no_meta.dcm': 'NOT_DICOM',
  'test_files/zipMR.gz': 'NOT_DICOM',
  // Valid DICOM without Study/Series UIDs: colour palettes, DICOMDIRs, private-sequence samples.
  'charset_files/chrSQEncoding.dcm': 'MISSING_UID',
  'charset_files/chrSQEncoding1.dcm': 'MISSING_UID',
  'palettes/fall.dcm': 'MISSING_UID',
  'palettes/hotiron.dcm': 'MISSING_UID',
  'palettes/hotmetalblue.dcm': 'MISSING_UID',
  'palettes/pet.dcm': 'MISSING_UID',
  'palettes/pet20step.dcm': 'MISSING_UID',
  'palettes/spring.dcm': 'MISSING_UID',
  'palettes/summer.dcm': 'MISSING_UID',
  'palettes/winter.dcm': 'MISSING_UID',
  'test_files/UN_sequence.dcm': 'MISSING_UID',
  'test_files/empty_charset_LEI.dcm': 'MISSING_UID',
  'test_files/no_meta_group_length.dcm': 'MISSING_UID',
  'test_files/priv_SQ.dcm': 'MISSING_UID',
  'test_files/dicomdirtests/DICOMDIR': 'MISSING_UID',
  'test_files/dicomdirtests/DICOMDIR-bigEnd': 'MISSING_UID',
  'test_files/dicomdirtests/DICOMDIR-empty.dcm': 'MISSING_UID',
  'test_files/dicomdirtests/DICOMDIR-implicit': 'MISSING_UID',
  'test_files/dicomdirtests/DICOMDIR-nopatient': 'MISSING_UID',
  'test_files/dicomdirtests/DICOMDIR-reordered': 'MISSING_UID',
  'test_files/dicomdirtests/TINY_ALPHA/DICOMDIR': 'MISSING_UID',
  // Cut off: dcmdump agrees ("PixelData larger than remaining bytes", "IsocenterPosition larger
  // than remaining bytes"). pydicom reads rtplan_truncated.dcm without error because it parses
  // lazily and never reaches the cut element; the file is still cut.
  'test_files/MR_truncated.dcm': 'TRUNCATED',
  'test_files/rtplan_truncated.dcm': 'TRUNCATED',
  // A DICOMDIR whose item lengths were left stale after tags were removed: a sequence claims more
  // bytes than the file holds. dcmdump is lenient and dumps it; it has no image UIDs either way.
  'test_files/dicomdirtests/DICOMDIR-nooffset': 'TRUNCATED',
  // Bad bytes. SC_rgb_jpeg.dcm has a non-standard VR "  " at (0008,0008): dcmdump fails on it,
  // pydicom accepts it (it falls back to the dictionary VR). meta_missing_tsyntax.dcm has no
  // TransferSyntaxUID in its meta header (dcmdump guesses one and warns). nested_priv_SQ.dcm
  // (nested private sequences of VR UN, no UIDs) is read by dcmdump and pydicom; dicom-parser
  // fails inside the nested UN sequence, which we report as BROKEN_TAGS.
  'test_files/SC_rgb_jpeg.dcm': 'BROKEN_TAGS',
  'test_files/meta_missing_tsyntax.dcm': 'BROKEN_TAGS',
  'test_files/nested_priv_SQ.dcm': 'BROKEN_TAGS',
};

const notDicomByName = /\.(py|pyc|txt|json|md|dump)$|README$/;

/** Core tags as dcmdump prints them (UIDs as numbers), or undefined when dcmdump fails. */
function dcmdumpCore(path: string): Record<string, string> | undefined {
  const tags = ['0002,0010', '0020,000d', '0020,000e', '0008,0018', '0008,0016', '0008,0060'];
  let out: string;
  try {
    out = execFileSync('dcmdump', ['-Un', '+p', '+L', ...tags.flatMap((t) => ['+P', t]), path], {
      encoding: 'latin1',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
  const values: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^\((\w{4},\w{4})\) \w\w \[([^\]]*)\]/.exec(line);
    if (m?.[1] && m[2] !== undefined && values[m[1]] === undefined)
      values[m[1]] = m[2].replace(/\0/g, '').trim();
    // A value stored with VR UN (rtdose_rle.dcm) is printed as hex bytes: decode it.
    const un = /^\((\w{4},\w{4})\) UN ([0-9a-f\\]+) /.exec(line);
    if (un?.[1] && un[2] && values[un[1]] === undefined) {
      values[un[1]] = Buffer.from(un[2].split('\\').map((h) => parseInt(h, 16)))
        .toString('latin1')
        .replace(/\0/g, '')
        .trim();
    }
  }
  return values;
}

describe('DICOM header parser on the pydicom test files', () => {
  const files = allFiles(PYDICOM_DATA).sort();

  it('indexes or rejects every file with the expected reason, and agrees with dcmdump on core tags', () => {
    assert.ok(files.length > 150, `expected the pydicom corpus, found ${files.length} files`);
    let compared = 0;
    for (const path of files) {
      const rel = relative(PYDICOM_DATA, path);
      const r = parseHeader(readFileSync(path));
      const expected = expectedRejections[rel] ?? (notDicomByName.test(rel) ? 'NOT_DICOM' : undefined);
      if (expected) {
        assert.equal(r.ok, false, `${rel} should be rejected as ${expected}`);
        if (!r.ok) assert.equal(r.reason, expected, `${rel}: ${r.message}`);
        continue;
      }
      assert.ok(r.ok, `${rel} should be indexed but was rejected: ${r.ok ? '' : `${r.reason} ${r.message}`}`);
      const dump = dcmdumpCore(path);
      assert.ok(dump, `dcmdump cannot read ${rel}, which we index`);
      const h = r.header;
      assert.equal(h.studyInstanceUid, dump['0020,000d'], `${rel} StudyInstanceUID`);
      assert.equal(h.seriesInstanceUid, dump['0020,000e'], `${rel} SeriesInstanceUID`);
      assert.equal(h.sopInstanceUid, dump['0008,0018'], `${rel} SOPInstanceUID`);
      assert.equal(h.sopClassUid, dump['0008,0016'], `${rel} SOPClassUID`);
      assert.equal(h.modality, dump['0008,0060'] || undefined, `${rel} Modality`);
      // Files without file meta have no (0002,0010); we report the encoding we detected.
      if (h.part10) assert.equal(h.transferSyntaxUid, dump['0002,0010'], `${rel} TransferSyntaxUID`);
      compared++;
    }
    assert.ok(compared >= 110, `compared ${compared} files with dcmdump`);
  });

  it('reads the non-core fields of CT_small.dcm', () => {
    const r = parseHeader(readFileSync(join(TEST_FILES, 'CT_small.dcm')));
    assert.ok(r.ok);
    assert.deepEqual(
      {
        patientId: r.header.patientId,
        sex: r.header.patientSex,
        rows: r.header.rows,
        columns: r.header.columns,
        instanceNumber: r.header.instanceNumber,
        manufacturer: r.header.manufacturer,
        studyDate: r.header.studyDate,
        sliceThickness: r.header.sliceThickness,
      },
      {
        patientId: '1CT1',
        sex: 'O',
        rows: 128,
        columns: 128,
        instanceNumber: 1,
        manufacturer: 'GE MEDICAL SYSTEMS',
        studyDate: '2004-01-19',
        sliceThickness: 5,
      },
    );
  });

  it('reads big endian, implicit, deflated and preamble-less files alike', () => {
    const uid = (f: string) => {
      const r = parseHeader(readFileSync(join(TEST_FILES, f)));
      assert.ok(r.ok, f);
      return [r.header.sopInstanceUid, r.header.rows, r.header.columns];
    };
    assert.deepEqual(uid('MR_small_bigendian.dcm'), uid('MR_small.dcm'));
    assert.deepEqual(uid('MR_small_implicit.dcm'), uid('MR_small.dcm'));
    assert.deepEqual(uid('ExplVR_BigEndNoMeta.dcm'), uid('ExplVR_LitEndNoMeta.dcm'));
    const dfl = parseHeader(readFileSync(join(TEST_FILES, 'image_dfl.dcm')));
    assert.ok(dfl.ok && dfl.header.transferSyntaxUid === '1.2.840.10008.1.2.1.99');
  });
});

describe('fast header walk', () => {
  const files = allFiles(PYDICOM_DATA)
    .sort()
    .map((p) => readFileSync(p));
  const walkable = files.filter((b) => walkHeader(b, new Set()) !== undefined);

  it('takes the common files (explicit and implicit VR little endian, sequences) off dicom-parser', () => {
    assert.ok(walkable.length >= 120, `the fast walk took ${walkable.length} files`);
    for (const f of ['CT_small.dcm', 'MR_small.dcm', 'MR_small_implicit.dcm', 'rtplan.dcm']) {
      assert.ok(walkHeader(readFileSync(join(TEST_FILES, f)), new Set()), f);
    }
  });

  it('gives the answers dicom-parser gives, on every pydicom file and its prefixes', () => {
    for (const b of files) {
      assert.deepEqual(parseHeader(b), parseWithDicomParser(b, b.length));
      for (const cut of [200, 1000, 4096]) {
        if (cut < b.length) {
          const prefix = b.subarray(0, cut);
          assert.deepEqual(parseHeaderPrefix(prefix, b.length), parseWithDicomParser(prefix, b.length));
        }
      }
    }
  });

  it('reads a wanted attribute stored as a sequence of undefined length as dicom-parser does', () => {
    // PatientID (0010,0020) as an SQ of one item and a delimiter, in CT_small (explicit VR LE)
    const ct = readFileSync(join(TEST_FILES, 'CT_small.dcm'));
    const el = (a: number[]) => Buffer.from(a);
    const at = ct.indexOf(el([0x10, 0, 0x20, 0, 0x4c, 0x4f]), 132); // (0010,0020) LO
    const end = at + 8 + ct.readUInt16LE(at + 6);
    const sq = Buffer.concat([
      el([0x10, 0, 0x20, 0, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff]),
      el([0xfe, 0xff, 0, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]),
    ]);
    const b = Buffer.concat([ct.subarray(0, at), sq, ct.subarray(end)]);
    assert.ok(walkHeader(b, new Set()));
    assert.deepEqual(parseHeader(b), parseWithDicomParser(b, b.length));
  });

  it('gives the answers dicom-parser gives on mutated and cut files', () => {
    fc.assert(
      fc.property(
        fc.nat(walkable.length - 1),
        fc.array(fc.tuple(fc.nat(3000), fc.constantFrom(0, 0xff, 0x01, 0x53, 0x51)), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.option(fc.nat(), { nil: undefined }),
        (which, mutations, cut) => {
          const src = walkable[which] ?? new Uint8Array(0);
          const b = Buffer.from(src.subarray(0, cut === undefined ? src.length : (cut % src.length) + 1));
          for (const [i, v] of mutations) if (i < b.length) b[i] = v;
          assert.deepEqual(parseHeader(b), parseWithDicomParser(b, b.length));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('DICOM header parser on bad bytes', () => {
  const ct = readFileSync(join(TEST_FILES, 'CT_small.dcm'));

  it('gives a stable reason for empty, garbage, random and cut files', () => {
    const reason = (b: Uint8Array) => {
      const r = parseHeader(b);
      return r.ok ? 'OK' : r.reason;
    };
    assert.equal(reason(new Uint8Array(0)), 'EMPTY');
    assert.equal(reason(Buffer.from('hello, this is a text file and not an image\n')), 'NOT_DICOM');
    assert.equal(reason(randomBytes(4096)), 'NOT_DICOM');
    assert.equal(reason(ct.subarray(0, 100)), 'NOT_DICOM');
    assert.equal(reason(ct.subarray(0, 140)), 'TRUNCATED');
    assert.equal(reason(ct.subarray(0, 1500)), 'TRUNCATED');
    // cut inside the pixel data: the header is complete but the image is not
    assert.equal(reason(ct.subarray(0, ct.length - 200)), 'TRUNCATED'); // 138 bytes of trailing padding follow the pixel data
    const noSop = Buffer.from(ct);
    const at = noSop.indexOf('1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322', 300, 'latin1');
    noSop.fill(0x20, at, at + 48); // SOPInstanceUID blanked (the meta copy comes earlier)
    const r = parseHeader(noSop);
    assert.ok(!r.ok && r.reason === 'MISSING_UID' && /SOPInstanceUID/.test(r.message));
  });

  it('never throws and stays fast on mutated DICOM bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(ct.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.nat(ct.length),
        (mutations, cut) => {
          const b = Buffer.from(ct.subarray(0, Math.max(cut, 1)));
          for (const [i, v] of mutations) if (i < b.length) b[i] = v;
          // CPU time, not wall time: a pathological loop shows either way, a busy machine does not.
          const t0 = process.cpuUsage();
          const r = parseHeader(b);
          const used = process.cpuUsage(t0);
          assert.ok((used.user + used.system) / 1000 < 500, 'parse took too long');
          assert.ok(r.ok || rejectReasons.includes(r.reason));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('never throws on mutated headers of every encoding (implicit, big endian, deflated, no preamble)', () => {
    const sources = [
      'MR_small_implicit.dcm',
      'MR_small_bigendian.dcm',
      'image_dfl.dcm',
      'ExplVR_LitEndNoMeta.dcm',
    ].map((f) => readFileSync(join(TEST_FILES, f)));
    fc.assert(
      fc.property(
        fc.nat(sources.length - 1),
        fc.array(fc.tuple(fc.nat(2000), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        (which, mutations) => {
          const b = Buffer.from(sources[which] ?? ct);
          for (const [i, v] of mutations) if (i < b.length) b[i] = v;
          const r = parseHeader(b);
          assert.ok(r.ok || rejectReasons.includes(r.reason));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a deflated dataset parses from a prefix too', () => {
    // deflate something big so that the header arrives in a first chunk smaller than the file
    const dfl = readFileSync(join(TEST_FILES, 'image_dfl.dcm'));
    const whole = parseHeader(dfl);
    assert.ok(whole.ok);
    assert.ok(deflateRawSync(Buffer.alloc(10)).length > 0);
    const r = parseHeaderPrefix(dfl.subarray(0, 2000), dfl.length);
    assert.ok(r.ok || r.reason === 'NEED_MORE');
  });
});

describe('reading headers from disk', () => {
  it('reads only the first chunk of a large file and hashes the whole file', async () => {
    const path = join(TEST_FILES, 'J2K_pixelrep_mismatch.dcm');
    const e = await examineFile(path, { hash: true });
    assert.ok(e.result.ok);
    assert.equal(e.headerBytesRead, FIRST_CHUNK);
    assert.ok(e.size > FIRST_CHUNK);
    const expected = execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0];
    assert.equal(e.sha256, expected);
  });

  it('reports a missing file as UNREADABLE', async () => {
    const e = await examineFile('/nonexistent/file.dcm', { hash: true });
    assert.ok(!e.result.ok && e.result.reason === 'UNREADABLE');
  });
});
