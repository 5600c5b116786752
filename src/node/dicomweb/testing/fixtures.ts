/**
 * Test fixtures: a node database with real DICOM files (pydicom's test data) stored and indexed
 * through the same InstanceStore as STOW-RS, and the DICOMweb plugin listening on loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../../../db/database.js';
import type { NodeDB } from '../../../db/schema.js';
import { openTestNodeDb, type Backend } from '../../../../test/support/db.js';
import { dicomwebPlugin, type DicomwebPluginOptions } from '../dicomweb.plugin.js';
import { createIndexingStore, type InstanceStore } from '../instance-store.js';
import { createReceiver } from '../../pacs/receiver.service.js';

export const pydicomDir = '/usr/lib/python3/dist-packages/pydicom/data/test_files';

/** Files with distinct SOP Instance UIDs covering several modalities and transfer syntaxes. */
export const corpusFiles = [
  'CT_small.dcm', // CT, explicit LE, 2004-01-19
  'MR_small.dcm', // MR, explicit LE, 2004-08-26
  '693_J2KI.dcm', // CT, JPEG 2000
  'J2K_pixelrep_mismatch.dcm', // CT HEAD, JPEG 2000 lossless, 2019-10-19
  'SC_rgb_small_odd.dcm', // OT, RGB, study shared with the next ones
  'SC_rgb_jpeg_dcmtk.dcm', // OT, JPEG baseline
  'SC_rgb_dcmtk_+eb+cr.dcm', // OT, JPEG baseline
  'liver_1frame.dcm', // SEG
  'rtplan.dcm', // RTPLAN, implicit LE
  'waveform_ecg.dcm', // ECG
  'reportsi.dcm', // SR
] as const;

export interface DicomwebFixture {
  db: Database<NodeDB>;
  store: InstanceStore;
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:PORT/dicomweb */
  baseUrl: string;
  dir: string;
  close(): Promise<void>;
}

export async function startDicomweb(
  backend: Backend,
  files: readonly string[],
  opts: Partial<DicomwebPluginOptions> = {},
): Promise<DicomwebFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'cie-dicomweb-'));
  const db = await openTestNodeDb(backend);
  const store = createIndexingStore(db.db, createReceiver({ storeDir: join(dir, 'store') }));
  for (const f of files) await store.storeInstance(join(pydicomDir, f));
  const app = Fastify({ logger: false });
  await app.register(dicomwebPlugin, {
    db: db.db,
    store,
    tmpDir: dir,
    ...opts,
    prefix: '/dicomweb',
  } as DicomwebPluginOptions);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    db,
    store,
    app,
    baseUrl: `${address}/dicomweb`,
    dir,
    close: async () => {
      await app.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
