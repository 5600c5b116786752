/** Public catalogue search: validate the parameters, then ask the repository. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { jsonPath } from '../../model/dataset-metadata.js';
import { catalogueSearchSchema } from './catalogue-search.schema.js';
import type { CatalogueSearchResult } from './catalogue.views.js';
import { searchEntries } from './catalogue-search.repository.js';

export async function searchCatalogue(db: Kysely<HubDB>, params: unknown): Promise<CatalogueSearchResult> {
  const r = catalogueSearchSchema.safeParse(params ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));
    throw new CieError(
      'VALIDATION_FAILED',
      `invalid catalogue search: ${issues.map((i) => `${i.path.replace(/^\$\./, '')}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  return searchEntries(db, r.data);
}
