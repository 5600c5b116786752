/**
 * Orthanc 1.10 as the SCU of the node's SCP: C-ECHO, a study-level C-FIND with a date range, and a
 * C-MOVE that the node answers by opening an association back to Orthanc (a configured
 * destination), which then holds the instance with the dataset bytes the node stored.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openTestNodeDb } from '../../../test/support/db.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { createIndexingStore } from '../dicomweb/instance-store.js';
import { pydicomDir } from '../dicomweb/testing/fixtures.js';
import { freePort, startOrthanc, type OrthancPeer } from '../dicomweb/testing/orthanc.js';
import { startScp, type RunningScp } from './pacs.scp.js';
import { datasetOffset } from './qr.store.js';
import { createReceiver } from './receiver.service.js';

const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const MR_STUDY = '1.3.6.1.4.1.5962.1.2.4.20040826185059.5457';

describe('Orthanc as the SCU of the node', () => {
  let db: Database<NodeDB>;
  let scp: RunningScp;
  let orthanc: OrthancPeer;
  let dir: string;

  const rest = async <T>(path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${orthanc.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    assert.ok(r.ok, `${path}: ${r.status} ${text}`);
    return JSON.parse(text) as T;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cie-qr-orthanc-'));
    db = await openTestNodeDb('pglite');
    const receiver = createReceiver({ storeDir: join(dir, 'store') });
    const store = createIndexingStore(db.db, receiver);
    for (const f of ['CT_small.dcm', 'MR_small.dcm', 'SC_rgb_small_odd.dcm'])
      await store.storeInstance(join(pydicomDir, f));
    const orthancDicomPort = await freePort();
    scp = await startScp({
      port: 0,
      host: '127.0.0.1',
      aeTitle: 'CIE',
      allowedCallingAeTitles: ['ORTHANC'],
      allowedHosts: [],
      receiver,
      archive: { db: db.db, moveDestinations: { ORTHANC: { host: '127.0.0.1', port: orthancDicomPort } } },
    });
    // Orthanc's DICOM layer is dcmtk's, ~30× slower without it (docs/pacs.md).
    process.env.TCP_NODELAY = '1';
    orthanc = await startOrthanc({
      config: {
        DicomServerEnabled: true,
        DicomAet: 'ORTHANC',
        DicomPort: orthancDicomPort,
        DicomModalities: { cie: ['CIE', '127.0.0.1', scp.port] },
      },
    });
  });
  after(async () => {
    await orthanc.stop();
    await scp.close();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('echoes, finds studies in a date range and moves one to itself', async () => {
    await rest('/modalities/cie/echo', {});
    const q = await rest<{ ID: string }>('/modalities/cie/query', {
      Level: 'Study',
      Query: { StudyDate: '20040101-20041231', StudyInstanceUID: '', PatientName: '' },
    });
    const answers = await rest<Array<Record<string, string>>>(`/queries/${q.ID}/answers?expand&simplify`);
    assert.deepEqual(answers.map((a) => a.StudyInstanceUID).sort(), [CT_STUDY, MR_STUDY].sort());
    const ct = answers.findIndex((a) => a.StudyInstanceUID === CT_STUDY);
    await rest(`/queries/${q.ID}/answers/${ct}/retrieve`, { TargetAet: 'ORTHANC', Synchronous: true });
    const instances = await rest<string[]>('/instances');
    assert.equal(instances.length, 1);
    const got = Buffer.from(
      await (await fetch(`${orthanc.url}/instances/${instances[0]}/file`)).arrayBuffer(),
    );
    const orig = await readFile(join(pydicomDir, 'CT_small.dcm'));
    assert.ok(
      got.subarray(datasetOffset(got)).equals(orig.subarray(datasetOffset(orig))),
      'same dataset bytes',
    );
  });
});
