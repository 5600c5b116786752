/** SQL of the node's job runs and their outputs. */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { OutputState, RunStatus } from './jobs.tables.js';

type Db = Kysely<NodeDB>;

/** A new run for a verified envelope; undefined when this envelope (jti) was used already. */
export async function insertRun(
  db: Db,
  r: {
    hubJob: number;
    jti: string;
    userId: number;
    tool: string;
    version: string;
    digest: string;
    datasets: string[];
  },
): Promise<number | undefined> {
  const row = await db
    .insertInto('job_run')
    .values({
      hub_job: r.hubJob,
      jti: r.jti,
      user_id: r.userId,
      tool: r.tool,
      tool_version: r.version,
      digest: r.digest,
      datasets: JSON.stringify(r.datasets),
    })
    .onConflict((oc) => oc.column('jti').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function finishRun(db: Db, id: number, status: RunStatus, reason: string | null): Promise<void> {
  await db
    .updateTable('job_run')
    .set({ status, reason, finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** At start-up: runs a previous process left running can never finish. */
export async function failInterruptedRuns(db: Db): Promise<number> {
  const res = await db
    .updateTable('job_run')
    .set({ status: 'failed', reason: 'the node restarted during the run', finished_at: new Date() })
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export interface StoredOutput {
  runId: number;
  name: string;
  kind: 'metrics' | 'table' | 'file';
  mediaType: string;
  content: Buffer;
  state: OutputState;
  reasons: string[];
  approvals: string[];
}

export async function insertOutputs(db: Db, outputs: readonly StoredOutput[]): Promise<void> {
  if (outputs.length === 0) return;
  await db
    .insertInto('job_output')
    .values(
      outputs.map((o) => ({
        run_id: o.runId,
        name: o.name,
        kind: o.kind,
        media_type: o.mediaType,
        content: o.content,
        state: o.state,
        reasons: JSON.stringify(o.reasons),
        approvals: JSON.stringify(o.approvals),
      })),
    )
    .execute();
}

export async function findOutput(db: Db, runId: number, name: string): Promise<StoredOutput | undefined> {
  const r = await db
    .selectFrom('job_output')
    .selectAll()
    .where('run_id', '=', runId)
    .where('name', '=', name)
    .executeTakeFirst();
  return (
    r && {
      runId: Number(r.run_id),
      name: r.name,
      kind: r.kind,
      mediaType: r.media_type,
      content: Buffer.from(r.content),
      state: r.state,
      reasons: r.reasons,
      approvals: r.approvals,
    }
  );
}

export async function updateOutput(
  db: Db,
  runId: number,
  name: string,
  s: { state: OutputState; approvals: string[] },
): Promise<void> {
  await db
    .updateTable('job_output')
    .set({ state: s.state, approvals: JSON.stringify(s.approvals) })
    .where('run_id', '=', runId)
    .where('name', '=', name)
    .execute();
}

/** The run's status once its airlock is empty: released when nothing is held any more. */
export async function settleRun(db: Db, runId: number): Promise<void> {
  const held = await db
    .selectFrom('job_output')
    .select('name')
    .where('run_id', '=', runId)
    .where('state', '=', 'held')
    .executeTakeFirst();
  if (!held)
    await db
      .updateTable('job_run')
      .set({ status: 'released' })
      .where('id', '=', runId)
      .where('status', '=', 'held')
      .execute();
}
