/**
 * The node's DICOMweb server on its own port (QIDO-RS, WADO-RS, STOW-RS) for local tools: what
 * `cie node dicomweb` and `cie node run --dicomweb` serve. STOW-RS takes the node's receive path
 * (de-identified on receipt per CIE_PACS_DEID, indexed at once).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { NodeDB } from '../../db/schema.js';
import { createNodeReceiver } from '../pacs/pacs.runtime.js';
import { dicomwebPlugin } from './dicomweb.plugin.js';
import { createIndexingStore } from './instance-store.js';

export interface DicomwebServerOptions {
  host: string;
  port: number;
  /** URL prefix of the DICOMweb root, e.g. /dicomweb. */
  prefix: string;
}

export interface DicomwebServer {
  /** The DICOMweb root, e.g. http://127.0.0.1:8042/dicomweb. */
  url: string;
  close(): Promise<void>;
}

export async function startDicomwebServer(
  db: Kysely<NodeDB>,
  config: Pick<Config, 'dataDir' | 'deid' | 'pacs' | 'dicomwebCors'>,
  o: DicomwebServerOptions,
): Promise<DicomwebServer> {
  const tmpDir = join(config.dataDir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const app = Fastify({ logger: false });
  try {
    await app.register(dicomwebPlugin, {
      db,
      store: createIndexingStore(
        db,
        createNodeReceiver({ db, dataDir: config.dataDir, deid: config.deid, pacs: config.pacs }),
      ),
      tmpDir,
      cors: config.dicomwebCors,
      prefix: o.prefix,
    });
    const address = await app.listen({ host: o.host, port: o.port });
    return { url: `${address}${o.prefix}`, close: () => app.close() };
  } catch (err) {
    await app.close();
    throw err;
  }
}
