/** Kysely types of the audit log (hub migration 0004-audit, node migration 0600-audit). */
import type { ColumnType } from 'kysely';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditLogTable {
  seq: number;
  at: ColumnType<Date, Date, never>;
  /** Who: `user:<id>`, `node:<id>`, `anonymous`, `system`, or an e-mail for failed sign-ins. */
  actor: string;
  /** What, dotted: `auth.sign-in`, `token.create`, `user.roles.set`, `terms.accept`, … */
  action: string;
  /** On what, e.g. `user:12`, `organisation:3`, `dataset:…`. */
  target: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

/** A burst of like events not yet written as one record (coalesce.ts; hub migration 0441). */
export interface AuditPendingTable {
  key: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  /** Events by kind, e.g. `{ "instances": 1674, "metadata": 3 }`. */
  counts: ColumnType<Record<string, number>, string, string>;
  events: number;
  first_at: ColumnType<Date, Date, never>;
  last_at: ColumnType<Date, Date, Date>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
