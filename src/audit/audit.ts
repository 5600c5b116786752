/**
 * The append-only, hash-chained audit log shared by the hub and the nodes. Each record's hash is
 * SHA-256 over its previous record's hash and the canonical JSON of its own fields, so editing,
 * removing or reordering any record breaks the chain (see verify.ts).
 *
 * @example
 * await audit(db, { actor: `user:${user.id}`, action: 'token.create', target: `token:${id}`, ip: request.ip });
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditOutcome, AuditTables } from './audit.tables.js';
import { canonicalJson } from './canonical.js';

export interface AuditEvent {
  /** Who: `user:<id>`, `node:<id>`, `anonymous`, `system`, or the e-mail tried at a failed sign-in. */
  actor: string;
  /** What, dotted and stable: `auth.sign-in`, `token.revoke`, `user.roles.set`, … */
  action: string;
  target?: string | null | undefined;
  /** Default `success`. */
  outcome?: AuditOutcome | undefined;
  ip?: string | null | undefined;
  /** Anything else worth keeping; never secrets. */
  details?: Record<string, unknown> | undefined;
}

export interface AuditRecord {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/**
 * Any Kysely handle (or transaction) of a database that has the audit tables — the hub's or a
 * node's. Typed loosely so both schemas and their transactions fit.
 */
export type AuditDb = Pick<Kysely<unknown>, 'isTransaction'>;

export const genesisHash = '0'.repeat(64);

/** The hash of a record given the hash of the one before it. */
export function hashRecord(r: Omit<AuditRecord, 'hash'>): string {
  const body = canonicalJson({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    target: r.target,
    outcome: r.outcome,
    ip: r.ip,
    details: r.details,
  });
  return createHash('sha256').update(`${r.prev_hash}\n${body}`).digest('hex');
}

/**
 * Append one record. Appends are serialised by locking the chain head row, so concurrent writers
 * (several connections on PostgreSQL) never fork the chain. Inside a caller's transaction the
 * record commits or rolls back with it.
 */
export async function audit(db: AuditDb, event: AuditEvent): Promise<AuditRecord> {
  const k = db as unknown as Kysely<AuditTables>;
  if (k.isTransaction) return append(k, event);
  return k.transaction().execute((tx) => append(tx, event));
}

async function append(tx: Kysely<AuditTables>, event: AuditEvent): Promise<AuditRecord> {
  const head = await tx
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const unhashed = {
    seq: Number(head.seq) + 1,
    at: new Date(),
    actor: event.actor,
    action: event.action,
    target: event.target ?? null,
    outcome: event.outcome ?? 'success',
    ip: event.ip ?? null,
    // Round-trip through JSON so what is hashed is exactly what jsonb gives back.
    details: JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>,
    prev_hash: head.hash,
  };
  const record: AuditRecord = { ...unhashed, hash: hashRecord(unhashed) };
  await tx
    .insertInto('audit_log')
    .values({ ...record, details: JSON.stringify(record.details) })
    .execute();
  await tx
    .updateTable('audit_head')
    .set({ seq: record.seq, hash: record.hash })
    .where('id', '=', 1)
    .execute();
  return record;
}
