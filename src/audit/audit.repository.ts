/** Reading the audit log: filtered, newest first, paged by seq (keyset). */
import type { Kysely } from 'kysely';
import type { AuditDb } from './audit.js';
import type { AuditRecord } from './audit.js';
import type { AuditOutcome, AuditTables } from './audit.tables.js';

export interface AuditFilter {
  actor?: string | undefined;
  /** Exact action, or a prefix ending in `.` or `*` (`auth.` / `auth.*`). */
  action?: string | undefined;
  outcome?: AuditOutcome | undefined;
  target?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Any of these actors, or an actor containing `actorContains` (case-insensitive). */
  actors?: readonly string[] | undefined;
  actorContains?: string | undefined;
  /** Actions starting with any of these prefixes (an action family). */
  actionPrefixes?: readonly string[] | undefined;
  /** Only records with seq below this (the `nextBefore` of the previous page). */
  before?: number | undefined;
  limit: number;
}

/** `text` as a literal inside a LIKE pattern. */
const like = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listAudit(
  database: AuditDb,
  f: AuditFilter,
): Promise<{ records: AuditRecord[]; nextBefore: number | null }> {
  const db = database as unknown as Kysely<AuditTables>;
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(f.limit + 1);
  if (f.actor) q = q.where('actor', '=', f.actor);
  if (f.action) {
    const prefix = f.action.endsWith('*')
      ? f.action.slice(0, -1)
      : f.action.endsWith('.')
        ? f.action
        : undefined;
    q = prefix ? q.where('action', 'like', `${like(prefix)}%`) : q.where('action', '=', f.action);
  }
  if (f.actors !== undefined || f.actorContains !== undefined) {
    const { actors = [], actorContains } = f;
    q = q.where((eb) =>
      eb.or([
        ...(actors.length > 0 ? [eb('actor', 'in', [...actors])] : []),
        ...(actorContains ? [eb('actor', 'ilike', `%${like(actorContains)}%`)] : []),
        ...(actors.length === 0 && !actorContains ? [eb.lit(false)] : []),
      ]),
    );
  }
  if (f.actionPrefixes) {
    const prefixes = f.actionPrefixes;
    q = q.where((eb) =>
      eb.or(prefixes.length > 0 ? prefixes.map((p) => eb('action', 'like', `${like(p)}%`)) : [eb.lit(false)]),
    );
  }
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.target) q = q.where('target', '=', f.target);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.before !== undefined) q = q.where('seq', '<', f.before);
  const rows = (await q.execute()).map(toRecord);
  const more = rows.length > f.limit;
  const records = more ? rows.slice(0, f.limit) : rows;
  return { records, nextBefore: more ? (records.at(-1)?.seq ?? null) : null };
}

export function toRecord(row: {
  seq: number | string | bigint;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}): AuditRecord {
  return { ...row, seq: Number(row.seq) };
}
