/**
 * The audit log as an administrator reads it: people by name and e-mail instead of `user:3`,
 * filters by person (part of a name or e-mail), action family and time, a page at a time.
 */
import type { Kysely } from 'kysely';
import { listAudit } from '../../audit/audit.repository.js';
import type { AuditOutcome } from '../../audit/audit.tables.js';
import type { HubDB } from '../../db/schema.js';

/** Action families: what an administrator looks for, and the action prefixes each covers. */
export const auditFamilies = {
  search: ['search.'],
  download: ['dicomweb.'],
  access: ['access.', 'grant.'],
  account: ['auth.', 'token.', 'terms.', 'provider-rules.', 'user.'],
  administration: ['organisation.', 'node.', 'demo.'],
} as const;
export type AuditFamily = keyof typeof auditFamilies;

export function familyOf(action: string): AuditFamily | 'other' {
  for (const [family, prefixes] of Object.entries(auditFamilies)) {
    if (prefixes.some((p) => action.startsWith(p))) return family as AuditFamily;
  }
  return 'other';
}

export interface AuditQuery {
  person?: string | undefined;
  family?: AuditFamily | undefined;
  outcome?: AuditOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  before?: number | undefined;
  limit: number;
  /** Exact actor / action (or prefix), as scripts filter. */
  actor?: string | undefined;
  action?: string | undefined;
  target?: string | undefined;
}

const userRef = /^user:(\d+)$/;

export async function browseAudit(db: Kysely<HubDB>, q: AuditQuery) {
  const person = q.person?.trim();
  let actors: string[] | undefined;
  if (person) {
    const pattern = `%${person.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const users = await db
      .selectFrom('hub_user')
      .select('id')
      .where((eb) => eb.or([eb('email', 'ilike', pattern), eb('display_name', 'ilike', pattern)]))
      .limit(1000)
      .execute();
    actors = users.map((u) => `user:${u.id}`);
  }
  const page = await listAudit(db, {
    ...q,
    // Failed sign-ins name the e-mail tried as their actor.
    ...(person ? { actors, actorContains: person.includes('@') ? person : undefined } : {}),
    ...(q.family ? { actionPrefixes: auditFamilies[q.family] } : {}),
  });
  const ids = new Set<number>();
  for (const r of page.records) {
    for (const ref of [r.actor, r.target ?? '']) {
      const m = userRef.exec(ref);
      if (m) ids.add(Number(m[1]));
    }
  }
  const people =
    ids.size === 0
      ? []
      : await db
          .selectFrom('hub_user')
          .select(['id', 'email', 'display_name'])
          .where('id', 'in', [...ids])
          .execute();
  const byRef = new Map(people.map((p) => [`user:${p.id}`, { name: p.display_name, email: p.email }]));
  return {
    records: page.records.map((r) => ({
      ...r,
      family: familyOf(r.action),
      actorPerson: byRef.get(r.actor) ?? null,
      targetPerson: r.target ? (byRef.get(r.target) ?? null) : null,
    })),
    nextBefore: page.nextBefore,
  };
}
