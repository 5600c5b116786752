/**
 * The collections a node answers for: the whole index is one collection (`all`, named after the
 * site); `siteAndDatasetCollections` (datasets/dataset-collections.ts) adds one entry per
 * published dataset with a condition on the search row (alias `r`) that selects its members.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { WHOLE_SITE_ID } from '../../model/search-answer.js';

export interface SearchCollection {
  id: string;
  name: string;
  description: string;
  /**
   * Which rows of `search_row` (alias `r`; `r.patient_id` is the patient) belong to the
   * collection. Its compiled SQL and parameters are part of the answer-cache key, so a filter
   * whose membership lives in another table must name that table's revision in a parameter.
   */
  patientFilter: RawBuilder<boolean>;
  /**
   * Set when the filter keeps every row (the whole index): a search whose conditions are all on
   * the patient may then be answered from the per-patient aggregates (migration 0302).
   */
  wholeIndex?: true;
}

export interface CollectionSource {
  collectionsOf(db: Kysely<NodeDB>): Promise<SearchCollection[]>;
}

/** The whole node index as one collection. */
export function wholeIndexCollections(siteName: string): CollectionSource {
  return {
    collectionsOf: () =>
      Promise.resolve([
        {
          id: WHOLE_SITE_ID,
          name: siteName,
          description: `All imaging studies indexed at ${siteName}`,
          patientFilter: sql<boolean>`true`,
          wholeIndex: true,
        },
      ]),
  };
}
