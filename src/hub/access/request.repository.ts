/** SQL for access requests, the datasets in them and their timeline of state changes. */
import type { Kysely, Selectable } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { DatasetMetadata } from '../../model/dataset-metadata.js';
import type {
  AccessEventTable,
  AccessRequestTable,
  DatasetState,
  PurposeWarning,
  RequestState,
} from './access.tables.js';

type Db = Kysely<HubDB>;
export type RequestRow = Selectable<AccessRequestTable>;
export type EventRow = Selectable<AccessEventTable>;

export interface RequestFields {
  projectTitle: string;
  projectSummary: string;
  principalInvestigator: string;
  institution: string;
  purpose: string[];
  ethicsReference: string;
  durationDays: number;
}

/** A catalogue entry as a request sees it. */
export interface EntryRef {
  id: number;
  slug: string;
  state: string;
  origin: 'node' | 'harvest';
  organisationId: number | null;
  dataUse: DatasetMetadata['dataUse'];
}

export interface RequestDatasetRow {
  requestId: number;
  catalogueEntryId: number;
  slug: string;
  title: string;
  organisationId: number;
  organisationName: string;
  state: DatasetState;
  decidedBy: number | null;
  decidedAt: Date | null;
  comment: string | null;
}

const columns = (f: Partial<RequestFields>) => ({
  ...(f.projectTitle !== undefined ? { project_title: f.projectTitle } : {}),
  ...(f.projectSummary !== undefined ? { project_summary: f.projectSummary } : {}),
  ...(f.principalInvestigator !== undefined ? { principal_investigator: f.principalInvestigator } : {}),
  ...(f.institution !== undefined ? { institution: f.institution } : {}),
  ...(f.purpose !== undefined ? { purpose: f.purpose } : {}),
  ...(f.ethicsReference !== undefined ? { ethics_reference: f.ethicsReference } : {}),
  ...(f.durationDays !== undefined ? { duration_days: f.durationDays } : {}),
});

export async function insertRequest(
  db: Db,
  requesterId: number,
  f: RequestFields,
  warnings: PurposeWarning[],
): Promise<number> {
  const row = await db
    .insertInto('access_request')
    .values({
      requester_id: requesterId,
      project_title: f.projectTitle,
      project_summary: f.projectSummary,
      principal_investigator: f.principalInvestigator,
      institution: f.institution,
      purpose: f.purpose,
      ethics_reference: f.ethicsReference,
      duration_days: f.durationDays,
      warnings: JSON.stringify(warnings),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateRequest(
  db: Db,
  id: number,
  f: Partial<RequestFields>,
  warnings: PurposeWarning[],
): Promise<void> {
  await db
    .updateTable('access_request')
    .set({ ...columns(f), warnings: JSON.stringify(warnings), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function setRequestState(db: Db, id: number, state: RequestState, at: Date): Promise<void> {
  await db
    .updateTable('access_request')
    .set({ state, updated_at: at, ...(state === 'SUBMITTED' ? { submitted_at: at } : {}) })
    .where('id', '=', id)
    .execute();
}

export function findRequest(db: Db, id: number): Promise<RequestRow | undefined> {
  return db.selectFrom('access_request').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The request row locked until the transaction ends: every change of a request starts here. */
export function lockRequest(db: Db, id: number): Promise<RequestRow | undefined> {
  return db.selectFrom('access_request').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setDatasets(db: Db, requestId: number, entryIds: readonly number[]): Promise<void> {
  await db.deleteFrom('access_request_dataset').where('request_id', '=', requestId).execute();
  await db
    .insertInto('access_request_dataset')
    .values(entryIds.map((id) => ({ request_id: requestId, catalogue_entry_id: id })))
    .execute();
}

export async function setDatasetState(
  db: Db,
  requestId: number,
  entryId: number,
  change: { state: DatasetState; by: number; at: Date; comment: string | null },
): Promise<void> {
  await db
    .updateTable('access_request_dataset')
    .set({ state: change.state, decided_by: change.by, decided_at: change.at, comment: change.comment })
    .where('request_id', '=', requestId)
    .where('catalogue_entry_id', '=', entryId)
    .execute();
}

export async function insertEvent(
  db: Db,
  e: {
    requestId: number;
    catalogueEntryId?: number | null;
    actorId: number | null;
    from: string | null;
    to: string;
    comment?: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('access_event')
    .values({
      request_id: e.requestId,
      catalogue_entry_id: e.catalogueEntryId ?? null,
      actor_id: e.actorId,
      from_state: e.from,
      to_state: e.to,
      comment: e.comment ?? null,
      at: e.at,
    })
    .execute();
}

export async function eventsOf(db: Db, requestId: number): Promise<EventRow[]> {
  return db
    .selectFrom('access_event')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
}

/** Catalogue entries named by id or slug (those that exist). */
export async function findEntries(db: Db, refs: readonly (number | string)[]): Promise<EntryRef[]> {
  const ids = refs.filter((r): r is number => typeof r === 'number');
  const slugs = refs.filter((r): r is string => typeof r === 'string');
  if (refs.length === 0) return [];
  const rows = await db
    .selectFrom('catalogue_entry')
    .select(['id', 'slug', 'state', 'origin', 'organisation_id', 'metadata'])
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('id', 'in', ids)] : []),
        ...(slugs.length ? [eb('slug', 'in', slugs)] : []),
      ]),
    )
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    slug: r.slug,
    state: r.state,
    origin: r.origin,
    organisationId: r.organisation_id === null ? null : Number(r.organisation_id),
    dataUse: r.metadata.dataUse,
  }));
}

/** The datasets of these requests with their entry, organisation and decision. */
export async function datasetsOf(db: Db, requestIds: readonly number[]): Promise<RequestDatasetRow[]> {
  if (requestIds.length === 0) return [];
  const rows = await db
    .selectFrom('access_request_dataset as d')
    .innerJoin('catalogue_entry as e', 'e.id', 'd.catalogue_entry_id')
    .innerJoin('organisation as o', 'o.id', 'e.organisation_id')
    .select([
      'd.request_id',
      'd.catalogue_entry_id',
      'e.slug',
      'e.title',
      'o.id as organisation_id',
      'o.name as organisation_name',
      'd.state',
      'd.decided_by',
      'd.decided_at',
      'd.comment',
    ])
    .where('d.request_id', 'in', [...requestIds])
    .orderBy('d.request_id')
    .orderBy('e.slug')
    .execute();
  return rows.map((r) => ({
    requestId: Number(r.request_id),
    catalogueEntryId: Number(r.catalogue_entry_id),
    slug: r.slug,
    title: r.title,
    organisationId: Number(r.organisation_id),
    organisationName: r.organisation_name,
    state: r.state,
    decidedBy: r.decided_by === null ? null : Number(r.decided_by),
    decidedAt: r.decided_at,
    comment: r.comment,
  }));
}

/** Requests for an inbox, newest first. */
export async function listRequests(
  db: Db,
  q: { requesterId: number } | { states: readonly RequestState[] } | { organisationIds: readonly number[] },
): Promise<RequestRow[]> {
  let query = db.selectFrom('access_request as r').selectAll('r').orderBy('r.id', 'desc');
  if ('requesterId' in q) query = query.where('r.requester_id', '=', q.requesterId);
  else if ('states' in q) query = query.where('r.state', 'in', [...q.states]);
  else {
    if (q.organisationIds.length === 0) return [];
    const orgs = [...q.organisationIds];
    // Representatives see requests once submitted; drafts are the requester's own business.
    query = query
      .where('r.state', '!=', 'DRAFT')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('access_request_dataset as d')
            .innerJoin('catalogue_entry as e', 'e.id', 'd.catalogue_entry_id')
            .whereRef('d.request_id', '=', 'r.id')
            .where('e.organisation_id', 'in', orgs)
            .select('d.request_id'),
        ),
      );
  }
  return query.limit(500).execute();
}

/** Users with the committee role (who are told of new submissions). */
export async function committeeMembers(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('user_role')
    .select('user_id')
    .where('role', '=', 'committee')
    .distinct()
    .execute();
  return rows.map((r) => Number(r.user_id));
}

/** Representatives of these organisations. */
export async function representativesOf(db: Db, organisationIds: readonly number[]): Promise<number[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('organisation_representative')
    .select('user_id')
    .where('organisation_id', 'in', [...organisationIds])
    .distinct()
    .execute();
  return rows.map((r) => Number(r.user_id));
}

export interface PersonRow {
  id: number;
  displayName: string;
  email: string;
}

export async function people(db: Db, ids: readonly number[]): Promise<Map<number, PersonRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('hub_user')
    .select(['id', 'display_name', 'email'])
    .where('id', 'in', unique)
    .execute();
  return new Map(
    rows.map((r) => [Number(r.id), { id: Number(r.id), displayName: r.display_name, email: r.email }]),
  );
}
