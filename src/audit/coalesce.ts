/**
 * One audit record per burst of like events instead of one per event: a download of 1,674
 * instances through the relay is one `dicomweb.download` record with its counts, not 1,674 rows.
 * Each event adds to a pending row (same actor, action, target, address and outcome) in the
 * database, so nothing is lost if the process stops; `flushCoalesced` turns every row idle for
 * `idleMs` (or open longer than `maxMs`) into one hash-chained record in the same transaction
 * that deletes it. The table is `audit_pending` (hub migration 0441).
 *
 * @example
 * await coalesceAudit(db, { actor: 'user:3', action: 'dicomweb.download', target: 'dataset:x', ip }, 'instances');
 * await flushCoalesced(db); // from a timer; on close with { all: true }
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { audit, type AuditDb, type AuditEvent } from './audit.js';
import type { AuditPendingTable, AuditTables } from './audit.tables.js';

type PendingDb = Kysely<AuditTables & { audit_pending: AuditPendingTable }>;

export type CoalescedEvent = Required<Pick<AuditEvent, 'actor' | 'action'>> &
  Pick<AuditEvent, 'target' | 'ip' | 'outcome'>;

export const coalesceDefaults = { idleMs: 30_000, maxMs: 600_000 };

function keyOf(e: CoalescedEvent): string {
  const parts = [e.actor, e.action, e.target ?? '', e.ip ?? '', e.outcome ?? 'success'];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Count one event of `kind` (e.g. `instances`, `metadata`, `search`) in its pending burst. */
export async function coalesceAudit(
  database: AuditDb,
  event: CoalescedEvent,
  kind: string,
  now = new Date(),
): Promise<void> {
  const db = database as unknown as PendingDb;
  const key = keyOf(event);
  await db
    .insertInto('audit_pending')
    .values({
      key,
      actor: event.actor,
      action: event.action,
      target: event.target ?? null,
      ip: event.ip ?? null,
      outcome: event.outcome ?? 'success',
      counts: JSON.stringify({ [kind]: 1 }),
      events: 1,
      first_at: now,
      last_at: now,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        events: sql`audit_pending.events + 1`,
        last_at: now,
        counts: sql`jsonb_set(audit_pending.counts, ${sql.val([kind])}::text[], to_jsonb(coalesce((audit_pending.counts ->> ${kind})::int, 0) + 1))`,
      }),
    )
    .execute();
}

/** Write one audit record per finished burst; returns how many were written. */
export async function flushCoalesced(
  database: AuditDb,
  opts: { now?: Date; all?: boolean; idleMs?: number; maxMs?: number } = {},
): Promise<number> {
  const db = database as unknown as PendingDb;
  const now = opts.now ?? new Date();
  const idle = new Date(now.getTime() - (opts.idleMs ?? coalesceDefaults.idleMs));
  const old = new Date(now.getTime() - (opts.maxMs ?? coalesceDefaults.maxMs));
  let q = db.selectFrom('audit_pending').select('key').orderBy('first_at');
  if (!opts.all) q = q.where((eb) => eb.or([eb('last_at', '<=', idle), eb('first_at', '<=', old)]));
  let written = 0;
  for (const { key } of await q.execute()) {
    const done = await db.transaction().execute(async (tx) => {
      const row = await tx
        .deleteFrom('audit_pending')
        .where('key', '=', key)
        .returningAll()
        .executeTakeFirst();
      if (!row) return false; // another process flushed it
      await audit(tx, {
        actor: row.actor,
        action: row.action,
        target: row.target,
        ip: row.ip,
        outcome: row.outcome,
        details: {
          events: row.events,
          counts: row.counts,
          first: row.first_at.toISOString(),
          last: row.last_at.toISOString(),
        },
      });
      return true;
    });
    if (done) written += 1;
  }
  return written;
}

/** Flush on a timer (unref'd) until stopped; stopping flushes everything pending. */
export function startCoalescer(
  database: AuditDb,
  onError: (err: unknown) => void,
  everyMs = 5_000,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => flushCoalesced(database)).catch(onError);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await flushCoalesced(database, { all: true }).catch(onError);
    },
  };
}
