/**
 * The hub catalogue's rules: records arrive from nodes (published/withdrawn) or from harvests;
 * every change is a new version; only published entries are public; a data-holder
 * representative edits the descriptive fields of their own organisation's entries only.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import {
  canonicalRecord,
  jsonPath,
  parseDatasetMetadata,
  type DatasetMetadata,
} from '../../model/dataset-metadata.js';
import { releasedFiguresSchema, type ReleasedFigures } from '../../model/released-figures.js';
import type { Principal } from '../auth/access.js';
import type { EntryView } from './catalogue.views.js';
import {
  entriesOfSource,
  entryVersions,
  findEntryBySlug,
  findHarvestedEntry,
  findNodeEntry,
  insertEntry,
  reviseEntry,
  type EntryRow,
} from './catalogue.repository.js';
import { type PublishedDatasetRecord, statsKeys } from '../../model/dataset-tasks.js';

export function presentEntry(row: EntryRow): EntryView {
  return {
    slug: row.slug,
    state: row.state,
    version: row.version,
    origin: row.origin,
    source: row.harvest_source,
    originalIri: row.original_iri,
    country: row.country,
    metadata: row.metadata,
    counts: { series: row.series, instances: row.instances, sizeBytes: row.size_bytes },
    figures: row.figures,
    updatedAt: row.updated_at,
  };
}

/** Figures as the node released them; a record without them came from a node too old to release them. */
function parseReleasedFigures(input: unknown, identifier: string): ReleasedFigures {
  if (input === undefined)
    throw new CieError(
      'VALIDATION_FAILED',
      `record ${identifier}: no released figures; upgrade the node so it publishes figures through its privacy policy`,
    );
  const r = releasedFiguresSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CieError(
      'VALIDATION_FAILED',
      `record ${identifier}: invalid figures: ${jsonPath(issue?.path ?? [])}: ${issue?.message ?? ''}`,
    );
  }
  return r.data;
}

/** A record as plain JSON with its sets in canonical order (what is stored, compared field by field). */
const plain = (m: DatasetMetadata): Record<string, unknown> =>
  canonicalRecord(JSON.parse(JSON.stringify(m)) as DatasetMetadata);

const same = (a: DatasetMetadata, b: DatasetMetadata): boolean => isDeepStrictEqual(plain(a), plain(b));

export type StoreOutcome = 'created' | 'updated' | 'unchanged';

/**
 * A record pushed by a node of this organisation (publish, update, statistics, withdrawal).
 * Who owns what (docs/catalogue.md, "Who owns which field"): the node owns the identifier, the
 * state, the statistics and its released figures; descriptive fields are merged field by field with
 * the hub's current record (`mergeNodeRecord`), so a representative's edit at the hub survives
 * pushes that do not change that field at the node.
 */
export async function receiveNodeRecord(
  db: Kysely<HubDB>,
  organisationId: number,
  record: PublishedDatasetRecord,
): Promise<{ outcome: StoreOutcome; entry: EntryView }> {
  const incoming = parseDatasetMetadata(record.metadata, `record ${record.identifier}`);
  const figures = parseReleasedFigures(record.figures, record.identifier);
  return db.transaction().execute(async (tx) => {
    const org = await tx
      .selectFrom('organisation')
      .select(['slug', 'country'])
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!org) throw new CieError('NOT_FOUND', `no organisation ${organisationId}`);
    const existing = await findNodeEntry(tx, organisationId, incoming.identifier);
    if (!existing) {
      const row = await insertEntry(tx, {
        slug: `${org.slug}.${incoming.identifier}`,
        origin: 'node',
        organisationId,
        country: org.country,
        state: record.state,
        metadata: incoming,
        nodeMetadata: incoming,
        figures,
      });
      return { outcome: 'created' as const, entry: presentEntry(row) };
    }
    const metadata = mergeNodeRecord(
      existing.metadata,
      existing.node_metadata ?? existing.metadata,
      incoming,
    );
    if (
      existing.state === record.state &&
      isDeepStrictEqual(existing.figures, figures) &&
      same(metadata, existing.metadata) &&
      existing.node_metadata !== null &&
      same(incoming, existing.node_metadata)
    ) {
      return { outcome: 'unchanged' as const, entry: presentEntry(existing) };
    }
    const row = await reviseEntry(tx, existing.id, {
      metadata,
      state: record.state,
      nodeMetadata: incoming,
      figures,
    });
    return { outcome: 'updated' as const, entry: presentEntry(row) };
  });
}

/**
 * The hub's record after a node push, merged field by field: identifier and statistics are the
 * node's; a descriptive field takes the node's new value only when the node changed it since its
 * previous push, else the hub's value stays (it may hold a representative's edit). The latest
 * edit of a field wins, wherever it was made. If the merge would not be a valid record (the two
 * sides changed fields that depend on each other), the node's record wins whole.
 */
export function mergeNodeRecord(
  current: DatasetMetadata,
  previousFromNode: DatasetMetadata,
  incoming: DatasetMetadata,
): DatasetMetadata {
  const nodeOwned = new Set<string>([...statsKeys, 'identifier']);
  const [cur, prev, next] = [plain(current), plain(previousFromNode), plain(incoming)];
  const merged: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(cur), ...Object.keys(next)])) {
    const fromNode = nodeOwned.has(key) || !isDeepStrictEqual(next[key], prev[key]);
    const value = fromNode ? next[key] : cur[key];
    if (value !== undefined) merged[key] = value;
  }
  try {
    return parseDatasetMetadata(merged);
  } catch {
    return incoming;
  }
}

export const harvestSlug = (source: string, iri: string): string =>
  `ext-${createHash('sha256').update(`${source}\n${iri}`).digest('hex').slice(0, 16)}`;

/** One harvested record, in its own transaction: created, updated when changed, or untouched. */
export async function storeHarvestedRecord(
  db: Kysely<HubDB>,
  source: string,
  iri: string,
  metadata: DatasetMetadata,
): Promise<StoreOutcome> {
  return db.transaction().execute(async (tx) => {
    const existing = await findHarvestedEntry(tx, source, iri);
    if (!existing) {
      await insertEntry(tx, {
        slug: harvestSlug(source, iri),
        origin: 'harvest',
        harvestSource: source,
        originalIri: iri,
        state: 'published',
        metadata,
      });
      return 'created';
    }
    if (existing.state === 'published' && same(metadata, existing.metadata)) return 'unchanged';
    await reviseEntry(tx, existing.id, { metadata, state: 'published' });
    return 'updated';
  });
}

/** Entries of a source that its latest harvest no longer lists become `vanished` (not public). */
export async function markVanished(
  db: Kysely<HubDB>,
  source: string,
  seenIris: ReadonlySet<string>,
): Promise<string[]> {
  const gone: string[] = [];
  for (const row of await entriesOfSource(db, source)) {
    if (row.state === 'vanished' || seenIris.has(row.original_iri ?? '')) continue;
    await reviseEntry(db, row.id, { state: 'vanished' });
    gone.push(row.original_iri ?? row.slug);
  }
  return gone;
}

/** A published entry, for anyone; drafts never reach the hub, withdrawn and vanished ones are hidden. */
export async function getPublicEntry(db: Kysely<HubDB>, slug: string): Promise<EntryView> {
  const row = await findEntryBySlug(db, slug);
  if (!row || row.state !== 'published')
    throw new CieError('NOT_FOUND', `no published dataset "${slug}" in the catalogue`);
  return presentEntry(row);
}

export async function publicEntryHistory(db: Kysely<HubDB>, slug: string) {
  const entry = await findEntryBySlug(db, slug);
  if (!entry || entry.state !== 'published')
    throw new CieError('NOT_FOUND', `no published dataset "${slug}" in the catalogue`);
  return (await entryVersions(db, entry.id)).map((v) => ({
    version: v.version,
    state: v.state,
    recordedAt: v.recorded_at,
    metadata: v.metadata,
  }));
}

/**
 * A representative changes descriptive fields of one of their organisation's entries. The
 * statistics are the node's and the identifier is stable: neither can be edited here.
 */
export async function editDescriptiveFields(
  db: Kysely<HubDB>,
  principal: Principal,
  slug: string,
  patch: Record<string, unknown>,
): Promise<EntryView> {
  const row = await findEntryBySlug(db, slug);
  if (!row) throw new CieError('NOT_FOUND', `no dataset "${slug}" in the catalogue`);
  const mayEdit =
    principal.kind === 'user' &&
    row.organisation_id !== null &&
    (principal.representativeOf.includes(row.organisation_id) || principal.roles.includes('admin'));
  if (!mayEdit) {
    throw new CieError(
      'FORBIDDEN',
      `only representatives of the organisation that holds "${slug}" may edit it`,
    );
  }
  for (const key of [...statsKeys, 'identifier'] as const) {
    if (key in patch) {
      throw new CieError(
        'VALIDATION_FAILED',
        `invalid dataset metadata: $.${key}: ${key === 'identifier' ? 'is stable and cannot be edited' : 'is computed by the node and cannot be edited'}`,
      );
    }
  }
  const metadata = parseDatasetMetadata({ ...row.metadata, ...patch });
  if (same(metadata, row.metadata)) return presentEntry(row);
  return db.transaction().execute(async (tx) => presentEntry(await reviseEntry(tx, row.id, { metadata })));
}
