/**
 * Prepare one demo node the first time: generate its site's corpus, ingest it, import its clinical
 * data, and define and publish one dataset per cancer type. A node that already holds data is
 * left as it is, so a second start is quick.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../db/schema.js';
import type { CancerType } from '../model/codes.js';
import { importClinicalCsv } from '../node/clinical/clinical.service.js';
import { createDataset, listDatasets, publishDataset } from '../node/datasets/dataset.service.js';
import { generateDemoData } from '../node/demo-data/demo-data.service.js';
import type { DemoManifest } from '../node/demo-data/manifest.js';
import { ingestFolder } from '../node/ingest/ingest.service.js';
import { demoDatasetMetadata } from './demo-datasets.js';
import type { DemoSite } from './demo-sites.js';

/** Size of each demo site: enough patients that counts pass the privacy threshold. */
export const demoCorpusSize: CorpusSize = { patients: 160, maxImagesPerSeries: 3 };

export interface CorpusSize {
  patients: number;
  maxImagesPerSeries: number;
}

export interface NodeProgress {
  phase: 'generate' | 'ingest' | 'datasets';
  done: number;
  total: number;
}

export interface PreparedNode {
  created: boolean;
  patients: number;
  datasets: number;
}

async function patientCount(db: Kysely<NodeDB>): Promise<number> {
  const { n } = await db
    .selectFrom('patient')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return n;
}

export async function prepareDemoNode(
  db: Kysely<NodeDB>,
  site: DemoSite,
  siteDir: string,
  hubUrl: string,
  onProgress: (p: NodeProgress) => void,
  size: CorpusSize = demoCorpusSize,
): Promise<PreparedNode> {
  const existing = await listDatasets(db);
  if ((await patientCount(db)) > 0 && existing.length > 0) {
    return { created: false, patients: await patientCount(db), datasets: existing.length };
  }
  const corpus = join(siteDir, 'corpus');
  if (!existsSync(join(corpus, 'manifest.json'))) {
    await generateDemoData({ dir: corpus, site: site.slug.toUpperCase(), seed: site.seed, ...size }, (p) =>
      onProgress({ phase: 'generate', done: p.instancesDone, total: p.instancesTotal }),
    );
  }
  await ingestFolder(db, corpus, {
    onProgress: (p) => onProgress({ phase: 'ingest', done: p.done, total: p.total ?? p.done }),
  });
  await importClinicalCsv(db, readFileSync(join(corpus, 'clinical.csv'), 'utf8'));

  const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as DemoManifest;
  const byType = new Map<CancerType, string[]>();
  for (const p of manifest.patients) {
    const list = byType.get(p.cancerType) ?? [];
    list.push(...p.studies.map((s) => s.studyUid));
    byType.set(p.cancerType, list);
  }
  const types = [...byType.keys()].sort();
  let done = 0;
  for (const type of types) {
    const metadata = demoDatasetMetadata(site, type, hubUrl);
    const studyUids = byType.get(type) ?? [];
    if (!existing.some((d) => d.identifier === metadata.identifier)) {
      await createDataset(db, { metadata, selection: { kind: 'studies', studyUids } });
      await publishDataset(db, metadata.identifier);
    }
    onProgress({ phase: 'datasets', done: ++done, total: types.length });
  }
  return { created: true, patients: manifest.patients.length, datasets: types.length };
}
