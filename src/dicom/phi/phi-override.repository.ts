/**
 * Overrides of PHI scan findings: a data-holder representative may publish a dataset whose scan
 * found something only by recording who, when and why. Rows are only ever inserted (audit).
 */
import type { Kysely } from 'kysely';
import { CieError } from '../../errors.js';
import type { NodeDB } from '../../db/schema.js';

export interface PhiOverride {
  id: number;
  datasetId: string;
  userId: string;
  reason: string;
  findings: number;
  createdAt: Date;
}

/** Record that `user` accepts the PHI findings of `datasetId` for `reason` (≥ 10 characters). */
export async function recordPhiOverride(
  db: Kysely<NodeDB>,
  datasetId: string,
  user: string,
  reason: string,
  findings = 0,
): Promise<PhiOverride> {
  if (!datasetId.trim()) throw new CieError('VALIDATION_FAILED', 'a PHI override needs the dataset id');
  if (!user.trim()) throw new CieError('VALIDATION_FAILED', 'a PHI override needs the user who records it');
  if (reason.trim().length < 10) {
    throw new CieError(
      'VALIDATION_FAILED',
      'a PHI override needs a reason of at least 10 characters saying why the findings are acceptable',
    );
  }
  const row = await db
    .insertInto('phi_override')
    .values({ dataset_id: datasetId, user_id: user, reason: reason.trim(), findings })
    .returningAll()
    .executeTakeFirstOrThrow();
  return present(row);
}

/** The latest override of a dataset, if any (publishing checks it against the current scan). */
export async function latestPhiOverride(
  db: Kysely<NodeDB>,
  datasetId: string,
): Promise<PhiOverride | undefined> {
  const row = await db
    .selectFrom('phi_override')
    .selectAll()
    .where('dataset_id', '=', datasetId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? present(row) : undefined;
}

function present(r: {
  id: number;
  dataset_id: string;
  user_id: string;
  reason: string;
  findings: number;
  created_at: Date;
}): PhiOverride {
  return {
    id: Number(r.id),
    datasetId: r.dataset_id,
    userId: r.user_id,
    reason: r.reason,
    findings: r.findings,
    createdAt: r.created_at,
  };
}
