/**
 * The same QIDO-RS queries give the same answers from our node and from Orthanc (with its
 * DICOMweb plugin) loaded with the same files: the same UIDs, counts and key attributes.
 * Both answer a search without matches with 200 [] and return the upper levels' attributes at
 * series and instance level (PS3.18 §10.6.3.3), PatientName and PatientBirthDate as in the
 * files, BitsAllocated, and no NumberOfFrames/Rows for instances without pixel data.
 * Legitimate differences, normalised here and listed in docs/dicomweb.md: Orthanc matches
 * studies without a StudyDate in an open date range (we do not: an empty value is no date); and
 * Orthanc matches LO/SH wildcards case-insensitively (we follow the standard: case-sensitive);
 * a file without PatientID has a generated pseudonym on the node.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { corpusFiles, pydicomDir, startDicomweb, type DicomwebFixture } from './testing/fixtures.js';
import { startOrthanc, type OrthancPeer } from './testing/orthanc.js';

type Json = Record<string, { Value?: unknown[] } | undefined>;

const keyTags: Record<string, string[]> = {
  study: ['0020000D', '00100020', '00100010', '00100030', '00080020', '00080061', '00201206', '00201208'],
  series: ['0020000E', '00080060', '00200011', '00201209', '0020000D', '00100020', '00100010', '00080020'],
  instance: [
    '00080018',
    '00080016',
    '00200013',
    '0020000D',
    '0020000E',
    '00080060',
    '00100010',
    '00280010',
    '00280011',
    '00280100',
  ],
};

const sc = '1.2.826.0.1.3680043.8.498.12406831542731051035295345080039845114';
const ctStudy = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';

/** [path with query, level of the results] */
const queries: Array<[string, keyof typeof keyTags]> = [
  ['/studies', 'study'],
  ['/studies?ModalitiesInStudy=CT', 'study'],
  ['/studies?ModalitiesInStudy=OT', 'study'],
  ['/studies?StudyDate=20040101-20041231', 'study'],
  ['/studies?StudyDate=20100101-', 'study'],
  ['/studies?StudyDate=-20050101', 'study'],
  ['/studies?StudyDate=20040119', 'study'],
  ['/studies?PatientID=ID*', 'study'],
  ['/studies?PatientID=*CT?', 'study'],
  [`/studies?StudyInstanceUID=${ctStudy},${sc}`, 'study'],
  ['/studies?PatientID=nobody', 'study'],
  ['/studies?PatientName=CompressedSamples*', 'study'],
  ['/studies?PatientName=last*', 'study'],
  ['/series?PatientName=CompressedSamples^MR1', 'series'],
  ['/instances?PatientName=Last*&Modality=SR', 'instance'],
  ['/series', 'series'],
  ['/series?Modality=CT', 'series'],
  ['/series?BodyPartExamined=HEAD', 'series'],
  [`/studies/${sc}/series`, 'series'],
  [`/studies/${sc}/series?Modality=OT`, 'series'],
  ['/instances', 'instance'],
  ['/instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.2', 'instance'],
  [`/studies/${sc}/instances`, 'instance'],
];

/** Orthanc's answer → what the standard's matching rules give, for the documented differences. */
const knownDifferences: Record<string, (orthanc: string[]) => string[]> = {
  // An open date range does not match a study without a date.
  '/studies?StudyDate=-20050101': (rows) => rows.filter((r) => (JSON.parse(r) as string[][])[4]?.length),
  // Wildcard matching on LO (PatientID) is case-sensitive.
  '/studies?PatientID=ID*': (rows) =>
    rows.filter((r) => (JSON.parse(r) as string[][])[1]?.[0]?.startsWith('ID')),
};

/**
 * A file without PatientID gets a generated pseudonym at ingest (NOID-…, so that its study is not
 * merged with other patients' under an empty ID); Orthanc returns the empty PatientID.
 */
function withoutGeneratedPatientIds(rows: string[]): string[] {
  return rows.map((r) => r.replace(/\["NOID-[0-9a-f]+"\]/, '[]')).sort();
}

function normalise(body: Json[], level: keyof typeof keyTags): string[] {
  return body
    .map((o) =>
      JSON.stringify(
        (keyTags[level] ?? []).map((t) => {
          const v = o[t]?.Value ?? [];
          if (t === '00080061') return [...v].map(String).sort();
          return v.map((x) =>
            typeof x === 'string' || typeof x === 'number' ? String(x) : JSON.stringify(x),
          );
        }),
      ),
    )
    .sort();
}

async function answer(base: string, path: string, level: keyof typeof keyTags): Promise<string[]> {
  const r = await fetch(base + path, { headers: { accept: 'application/dicom+json' } });
  assert.equal(r.status, 200, `${base}${path}: ${r.status}`);
  return normalise((await r.json()) as Json[], level);
}

describe('QIDO-RS answers match Orthanc on the same files', () => {
  let node: DicomwebFixture;
  let orthanc: OrthancPeer;
  before(async () => {
    [node, orthanc] = await Promise.all([startDicomweb('pglite', corpusFiles), startOrthanc()]);
    for (const f of corpusFiles) await orthanc.upload(join(pydicomDir, f));
  });
  after(async () => {
    await Promise.all([node?.close(), orthanc?.stop()]);
  });

  for (const [path, level] of queries) {
    it(`GET ${path}`, async () => {
      const [ours, theirs] = await Promise.all([
        answer(node.baseUrl, path, level).then(withoutGeneratedPatientIds),
        answer(orthanc.dicomweb, path, level),
      ]);
      assert.deepEqual(ours, (knownDifferences[path] ?? ((x: string[]) => x))(theirs));
    });
  }

  it('limit and offset page through the same number of studies', async () => {
    const all = await answer(orthanc.dicomweb, '/studies', 'study');
    const seen: string[] = [];
    for (let offset = 0; offset < all.length; offset += 3) {
      seen.push(
        ...withoutGeneratedPatientIds(
          await answer(node.baseUrl, `/studies?limit=3&offset=${offset}`, 'study'),
        ),
      );
    }
    assert.deepEqual(seen.sort(), all);
  });
});
