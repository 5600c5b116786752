/** SQL of the tool registry: tools, their versions and reviews. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { toolSpec, type ToolSpec } from '../../model/jobs/jobs.js';
import type { ToolVersionState } from './jobs.tables.js';

type Db = Kysely<HubDB>;

export interface ToolVersionRecord {
  id: number;
  toolId: number;
  slug: string;
  name: string;
  description: string;
  version: string;
  spec: ToolSpec;
  state: ToolVersionState;
  submittedBy: string;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  createdAt: Date;
}

function versions(db: Db) {
  return db
    .selectFrom('tool_version as v')
    .innerJoin('tool as t', 't.id', 'v.tool_id')
    .select([
      'v.id',
      'v.tool_id',
      't.slug',
      't.name',
      't.description',
      'v.version',
      'v.spec',
      'v.state',
      'v.submitted_by',
      'v.reviewed_by',
      'v.reviewed_at',
      'v.review_note',
      'v.created_at',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof versions>['executeTakeFirstOrThrow']>>;

function present(r: Row): ToolVersionRecord {
  return {
    id: Number(r.id),
    toolId: Number(r.tool_id),
    slug: r.slug,
    name: r.name,
    description: r.description,
    version: r.version,
    spec: toolSpec.parse(r.spec),
    state: r.state,
    submittedBy: r.submitted_by,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
    createdAt: r.created_at,
  };
}

/** The tool with this slug (created with name and description if new); returns its id. */
export async function upsertTool(
  db: Db,
  t: { slug: string; name: string; description: string },
): Promise<number> {
  const row = await db
    .insertInto('tool')
    .values(t)
    .onConflict((oc) => oc.column('slug').doUpdateSet({ name: t.name, description: t.description }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A new version, pending review; undefined if this version exists already. */
export async function insertToolVersion(
  db: Db,
  v: { toolId: number; spec: ToolSpec; submittedBy: string; state?: ToolVersionState; reviewedBy?: string },
): Promise<number | undefined> {
  const row = await db
    .insertInto('tool_version')
    .values({
      tool_id: v.toolId,
      version: v.spec.version,
      spec: JSON.stringify(v.spec),
      submitted_by: v.submittedBy,
      ...(v.state ? { state: v.state } : {}),
      ...(v.reviewedBy ? { reviewed_by: v.reviewedBy, reviewed_at: new Date() } : {}),
    })
    .onConflict((oc) => oc.columns(['tool_id', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function listToolVersions(db: Db, q: { approvedOnly: boolean }): Promise<ToolVersionRecord[]> {
  let query = versions(db).orderBy('t.slug').orderBy('v.id', 'desc');
  if (q.approvedOnly) query = query.where('v.state', '=', 'approved');
  return (await query.execute()).map(present);
}

export async function findToolVersion(db: Db, id: number): Promise<ToolVersionRecord | undefined> {
  const row = await versions(db).where('v.id', '=', id).executeTakeFirst();
  return row && present(row);
}

/** The approved version of a tool: the one named, else the newest approved. */
export async function findApprovedVersion(
  db: Db,
  slug: string,
  version?: string,
): Promise<ToolVersionRecord | undefined> {
  let q = versions(db).where('t.slug', '=', slug).where('v.state', '=', 'approved');
  if (version) q = q.where('v.version', '=', version);
  const row = await q.orderBy('v.id', 'desc').limit(1).executeTakeFirst();
  return row && present(row);
}

/** Record a review of a pending version; false when it was not pending (reviewed already). */
export async function reviewToolVersion(
  db: Db,
  r: { id: number; state: 'approved' | 'rejected'; by: string; note: string | null },
): Promise<boolean> {
  const res = await db
    .updateTable('tool_version')
    .set({ state: r.state, reviewed_by: r.by, reviewed_at: new Date(), review_note: r.note })
    .where('id', '=', r.id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
