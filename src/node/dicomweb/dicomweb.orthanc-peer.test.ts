/**
 * Orthanc as a DICOMweb client of the node (its DICOMweb plugin's `servers` API): it pushes a
 * study by STOW-RS (its multipart boundary is 73 characters long) and pulls studies back by
 * WADO-RS, native and compressed, byte for byte.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pydicomDir, startDicomweb, type DicomwebFixture } from './testing/fixtures.js';
import { startOrthanc, type OrthancPeer } from './testing/orthanc.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function orthancJson(url: string, init?: RequestInit): Promise<unknown> {
  const r = await fetch(url, init);
  const text = await r.text();
  assert.ok(r.ok, `${url}: ${r.status} ${text}`);
  return JSON.parse(text) as unknown;
}

describe('Orthanc pushes to and pulls from the node over DICOMweb', () => {
  let node: DicomwebFixture;
  let orthanc: OrthancPeer;
  before(async () => {
    node = await startDicomweb('pglite', ['MR_small.dcm', 'JPEG2000.dcm']);
    orthanc = await startOrthanc({ servers: { cie: node.baseUrl } });
  });
  after(async () => {
    await Promise.all([node?.close(), orthanc?.stop()]);
  });

  it('STOW-RS from Orthanc stores its study on the node, bytes unchanged', async () => {
    const files = ['CT_small.dcm', 'SC_rgb_jpeg_dcmtk.dcm'];
    for (const f of files) {
      const { study } = await orthanc.upload(join(pydicomDir, f));
      await orthancJson(`${orthanc.dicomweb}/servers/cie/stow`, {
        method: 'POST',
        body: JSON.stringify({ Resources: [study], Synchronous: true }),
      });
    }
    for (const f of files) {
      const bytes = await readFile(join(pydicomDir, f));
      const rows = await node.db.db
        .selectFrom('instance')
        .select(['checksum'])
        .where('checksum', '=', sha(bytes))
        .execute();
      assert.equal(rows.length, 1, `${f} stored on the node byte for byte`);
    }
  });

  it('Orthanc retrieves native and JPEG 2000 studies from the node byte for byte', async () => {
    for (const f of ['MR_small.dcm', 'JPEG2000.dcm']) {
      const bytes = await readFile(join(pydicomDir, f));
      const studies = (await orthancJson(`${orthanc.dicomweb}/servers/cie/get`, {
        method: 'POST',
        body: JSON.stringify({ Uri: '/studies' }),
      })) as Array<Record<string, { Value?: string[] }>>;
      const uids = studies.map((s) => s['0020000D']?.Value?.[0] ?? '');
      const header = await readFile(join(pydicomDir, f));
      const study = uids.find((u) => header.includes(Buffer.from(u, 'latin1')));
      assert.ok(study, `${f}'s study is listed by QIDO through Orthanc`);
      await orthancJson(`${orthanc.dicomweb}/servers/cie/retrieve`, {
        method: 'POST',
        body: JSON.stringify({ Resources: [{ Study: study }], Synchronous: true }),
      });
      const ids = (await orthancJson(`${orthanc.url}/tools/lookup`, {
        method: 'POST',
        body: study,
      })) as Array<{
        ID: string;
      }>;
      const instances = (await orthancJson(`${orthanc.url}/studies/${ids[0]?.ID ?? ''}/instances`)) as Array<{
        ID: string;
      }>;
      const file = new Uint8Array(
        await (await fetch(`${orthanc.url}/instances/${instances[0]?.ID ?? ''}/file`)).arrayBuffer(),
      );
      assert.equal(sha(file), sha(bytes), `${f} pulled by Orthanc is byte-identical`);
    }
  });
});
