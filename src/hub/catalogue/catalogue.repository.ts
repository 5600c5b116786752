/** SQL of the hub catalogue: entries, their versions, and the columns search and facets read. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { bodyPartCodes, cancerTypes, modalityCodes } from '../../model/codes.js';
import type { DatasetMetadata } from '../../model/dataset-metadata.js';
import { isShown, type ReleasedFigures } from '../../model/released-figures.js';
import type { CatalogueEntryTable, EntryState } from './catalogue.tables.js';

export type EntryRow = Selectable<CatalogueEntryTable>;

const labelOf = (codes: Record<string, { code: string; label: string }>) => {
  const m = new Map(Object.values(codes).map((c) => [c.code, c.label]));
  return (code: string): string => m.get(code) ?? '';
};
const cancerLabel = labelOf(cancerTypes);
const modalityLabel = labelOf(modalityCodes);
const bodyPartLabel = labelOf(bodyPartCodes);

/** The searchable and facet columns derived from a record. */
export function derivedColumns(m: DatasetMetadata) {
  const conditions = m.conditions ?? [];
  const modalities = m.modalities ?? [];
  const bodyParts = m.bodyParts ?? [];
  return {
    title: m.title,
    provider: m.publisher.name,
    access_rights: m.accessRights,
    licence: m.licence,
    cancer_types: conditions,
    modalities,
    body_parts: bodyParts,
    sexes: m.sexes ?? [],
    min_age: m.minTypicalAge ?? null,
    max_age: m.maxTypicalAge ?? null,
    subjects: m.numberOfUniqueIndividuals ?? null,
    studies: m.numberOfRecords ?? null,
    search_text: [
      m.title,
      m.description,
      m.keywords.join(' '),
      m.publisher.name,
      conditions.map(cancerLabel).join(' '),
      modalities.map(modalityLabel).join(' '),
      bodyParts.map(bodyPartLabel).join(' '),
      (m.manufacturers ?? []).join(' '),
      m.project?.name ?? '',
    ]
      .filter(Boolean)
      .join(' \n'),
  };
}

/** The columns of a node's released figures: its index counts beyond the DCAT record, null when suppressed. */
const figureColumns = (f: ReleasedFigures | undefined) =>
  f
    ? {
        figures: JSON.stringify(f),
        series: isShown(f.series) ? f.series : null,
        instances: isShown(f.instances) ? f.instances : null,
        size_bytes: f.sizeBytes,
      }
    : {};

export interface NewEntry {
  slug: string;
  origin: 'node' | 'harvest';
  organisationId?: number | undefined;
  country?: string | undefined;
  harvestSource?: string | undefined;
  originalIri?: string | undefined;
  state: EntryState;
  metadata: DatasetMetadata;
  /** Node entries: the record as the node sent it, and its released figures. */
  nodeMetadata?: DatasetMetadata | undefined;
  figures?: ReleasedFigures | undefined;
}

export async function insertEntry(db: Kysely<HubDB>, e: NewEntry): Promise<EntryRow> {
  const row = await db
    .insertInto('catalogue_entry')
    .values({
      slug: e.slug,
      origin: e.origin,
      organisation_id: e.organisationId ?? null,
      country: e.country ?? null,
      harvest_source: e.harvestSource ?? null,
      original_iri: e.originalIri ?? null,
      identifier: e.metadata.identifier,
      state: e.state,
      metadata: JSON.stringify(e.metadata),
      node_metadata: e.nodeMetadata ? JSON.stringify(e.nodeMetadata) : null,
      ...figureColumns(e.figures),
      ...derivedColumns(e.metadata),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordVersion(db, row);
  return row;
}

/** A new version of an entry: new record and/or state; the previous versions stay. */
export async function reviseEntry(
  db: Kysely<HubDB>,
  id: number,
  change: {
    metadata?: DatasetMetadata | undefined;
    state?: EntryState | undefined;
    nodeMetadata?: DatasetMetadata | undefined;
    figures?: ReleasedFigures | undefined;
  },
): Promise<EntryRow> {
  const row = await db
    .updateTable('catalogue_entry')
    .set({
      ...(change.metadata
        ? {
            metadata: JSON.stringify(change.metadata),
            identifier: change.metadata.identifier,
            ...derivedColumns(change.metadata),
          }
        : {}),
      ...(change.state ? { state: change.state } : {}),
      ...(change.nodeMetadata ? { node_metadata: JSON.stringify(change.nodeMetadata) } : {}),
      ...figureColumns(change.figures),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordVersion(db, row);
  return row;
}

async function recordVersion(db: Kysely<HubDB>, row: EntryRow): Promise<void> {
  await db
    .insertInto('catalogue_entry_version')
    .values({
      entry_id: row.id,
      version: row.version,
      state: row.state,
      metadata: JSON.stringify(row.metadata),
    })
    .execute();
}

export function findEntryBySlug(db: Kysely<HubDB>, slug: string): Promise<EntryRow | undefined> {
  return db.selectFrom('catalogue_entry').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findHarvestedEntry(
  db: Kysely<HubDB>,
  source: string,
  iri: string,
): Promise<EntryRow | undefined> {
  return db
    .selectFrom('catalogue_entry')
    .selectAll()
    .where('harvest_source', '=', source)
    .where('original_iri', '=', iri)
    .executeTakeFirst();
}

export function findNodeEntry(
  db: Kysely<HubDB>,
  organisationId: number,
  identifier: string,
): Promise<EntryRow | undefined> {
  return db
    .selectFrom('catalogue_entry')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
}

export function entriesOfSource(db: Kysely<HubDB>, source: string): Promise<EntryRow[]> {
  return db
    .selectFrom('catalogue_entry')
    .selectAll()
    .where('harvest_source', '=', source)
    .orderBy('id')
    .execute();
}

export function entryVersions(db: Kysely<HubDB>, entryId: number) {
  return db
    .selectFrom('catalogue_entry_version')
    .selectAll()
    .where('entry_id', '=', entryId)
    .orderBy('version')
    .execute();
}

/** Published entries (slug and record) in slug order, `batch` at a time (streaming exports). */
export async function* publishedEntries(
  db: Kysely<HubDB>,
  batch = 200,
): AsyncGenerator<Array<Pick<EntryRow, 'slug' | 'metadata'>>> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('catalogue_entry')
      .select(['slug', 'metadata'])
      .where('state', '=', 'published')
      .where('slug', '>', after)
      .orderBy('slug')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]?.slug ?? after;
    if (rows.length < batch) return;
  }
}
