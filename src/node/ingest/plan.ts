/**
 * Decide what a batch of examined files does to the index: new, updated (a known path whose file
 * changed), moved (an SOP instance whose old path no longer exists), duplicate (a second copy of
 * an instance whose indexed path still exists) or rejected.
 */
import { stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { findExistingInstances, type ExistingInstance, type PlannedWrite } from './ingest.repository.js';
import type { FileOutcome } from './ingest.types.js';

async function stillThere(row: ExistingInstance): Promise<boolean> {
  try {
    const st = await stat(row.file_path);
    return st.isFile();
  } catch {
    return false;
  }
}

export async function planBatch(
  db: Kysely<NodeDB>,
  outcomes: FileOutcome[],
): Promise<{ plan: PlannedWrite[]; stale: ExistingInstance[] }> {
  const indexed = outcomes.filter(
    (o): o is Extract<FileOutcome, { kind: 'indexed' }> => o.kind === 'indexed',
  );
  const existing = await findExistingInstances(
    db,
    indexed.filter((o) => !o.file.unseen).map((o) => o.file.path),
    indexed.map((o) => o.header.sopInstanceUid),
  );
  const byPath = new Map(existing.map((e) => [e.file_path, e]));
  const bySop = new Map(existing.map((e) => [e.sop_instance_uid, e]));
  const plan: PlannedWrite[] = [];
  const stale: ExistingInstance[] = [];
  const sopInBatch = new Map<string, string>();
  for (const o of outcomes) {
    if (o.kind === 'rejected') {
      plan.push({ kind: 'reject', file: o.file, reason: o.reason, message: o.message });
      continue;
    }
    const sop = o.header.sopInstanceUid;
    const firstInBatch = sopInBatch.get(sop);
    if (firstInBatch !== undefined) {
      plan.push({
        kind: 'reject',
        file: o.file,
        reason: 'DUPLICATE',
        message: `SOP instance ${sop} is also in ${firstInBatch}`,
      });
      continue;
    }
    const atPath = byPath.get(o.file.path);
    const sameSop = bySop.get(sop);
    let as: 'new' | 'updated' | 'moved' = atPath ? 'updated' : 'new';
    if (sameSop && sameSop.file_path !== o.file.path) {
      if (await stillThere(sameSop)) {
        plan.push({
          kind: 'reject',
          file: o.file,
          reason: 'DUPLICATE',
          message: `SOP instance ${sop} is already indexed from ${sameSop.file_path}`,
        });
        continue;
      }
      if (!atPath) as = 'moved';
    }
    if (atPath && atPath.sop_instance_uid !== sop) stale.push(atPath);
    sopInBatch.set(sop, o.file.path);
    plan.push({
      kind: 'index',
      file: o.file,
      sha256: o.sha256,
      header: o.header,
      as,
      previousSeriesId: sameSop?.series_id ?? null,
    });
  }
  return { plan, stale };
}
