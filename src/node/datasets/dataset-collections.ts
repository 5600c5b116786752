/**
 * The collections a node answers a federated search for: the whole site, and each published
 * dataset as a collection of its own (id = the dataset's identifier, name = its title), so the
 * hub shows per-dataset counts and a researcher can put the dataset in the access basket. Each
 * collection goes through the node's privacy policy on its own (search.service.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import {
  wholeIndexCollections,
  type CollectionSource,
  type SearchCollection,
} from '../search/collections.js';
import { listDatasetRows, type DatasetRow } from './dataset.repository.js';
import { selectionCondition } from './dataset-selection.js';

/**
 * A dataset's members among the search rows: the series its selection keeps. The revision is a
 * parameter so the answer cache (keyed on the compiled filter) forgets counts of an older
 * selection; it also grows when ingest refreshes the dataset's statistics.
 */
async function datasetCollection(db: Kysely<NodeDB>, row: DatasetRow): Promise<SearchCollection> {
  const where = await selectionCondition(db, row.selection);
  return {
    id: row.identifier,
    name: row.metadata.title,
    description: row.metadata.description,
    patientFilter: sql<boolean>`(${row.revision}::int > 0 and r.series_id in (
      select se.id from instance i
      join series se on se.id = i.series_id
      join study st on st.id = se.study_id
      join patient p on p.id = st.patient_id
      where ${where}))`,
  };
}

/** The whole site (`all`), then every published dataset by identifier. */
export function siteAndDatasetCollections(siteName: string): CollectionSource {
  const site = wholeIndexCollections(siteName);
  return {
    collectionsOf: async (db) => {
      const datasets = await listDatasetRows(db, ['published']);
      const own = await Promise.all(datasets.map((d) => datasetCollection(db, d)));
      return [...(await site.collectionsOf(db)), ...own];
    },
  };
}
