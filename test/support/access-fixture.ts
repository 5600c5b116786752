/** Catalogue entries and users for access-workflow tests, straight in the hub database. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../src/db/schema.js';
import { insertEntry } from '../../src/hub/catalogue/catalogue.repository.js';
import type { EntryState } from '../../src/hub/catalogue/catalogue.tables.js';
import { insertUser } from '../../src/hub/identity/user.repository.js';
import { parseDatasetMetadata, type DatasetMetadataInput } from '../../src/model/dataset-metadata.js';
import { exampleRecord } from '../../src/model/dcat/fixtures.js';

let counter = 0;

export interface TestEntry {
  id: number;
  slug: string;
}

/** A catalogue entry of a node of this organisation (or harvested, without one). */
export async function catalogueEntry(
  db: Kysely<HubDB>,
  o: {
    organisationId?: number;
    state?: EntryState;
    dataUse?: DatasetMetadataInput['dataUse'];
    harvested?: boolean;
  } = {},
): Promise<TestEntry> {
  counter += 1;
  const identifier = `ds-${counter}-${Date.now()}`;
  const metadata = parseDatasetMetadata(
    exampleRecord({ identifier, title: `Dataset ${counter}`, ...(o.dataUse ? { dataUse: o.dataUse } : {}) }),
    'test record',
  );
  const row = await insertEntry(db, {
    slug: o.harvested ? `ext-${identifier}` : `org.${identifier}`,
    origin: o.harvested ? 'harvest' : 'node',
    organisationId: o.harvested ? undefined : o.organisationId,
    harvestSource: o.harvested ? 'https://other.example.org/catalogue' : undefined,
    originalIri: o.harvested ? `https://other.example.org/${identifier}` : undefined,
    state: o.state ?? 'published',
    metadata,
  });
  return { id: Number(row.id), slug: row.slug };
}

export async function plainUser(db: Kysely<HubDB>): Promise<number> {
  counter += 1;
  return insertUser(db, {
    email: `u${counter}-${Date.now()}@example.org`,
    displayName: `U ${counter}`,
    passwordHash: null,
  });
}

export async function plainOrganisation(db: Kysely<HubDB>): Promise<number> {
  counter += 1;
  const row = await db
    .insertInto('organisation')
    .values({ slug: `org-${counter}-${Date.now()}`, name: `Org ${counter}`, country: 'NO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
