/**
 * What the search budgets count (search-budget.ts): searches started per user, organisation and
 * client address in a window, and the privacy loss (ε) spent per user and node over the period,
 * summed from the nodes' answers as recorded (migration 0210-search-privacy).
 */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';

export type BudgetScope = 'user_id' | 'organisation' | 'client_address';

/** How many searches `scope = value` started since `since`, and when the oldest of them started. */
export async function searchesSince(
  db: Kysely<HubDB>,
  scope: BudgetScope,
  value: number | string,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const r = await db
    .selectFrom('search')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where(scope, '=', value)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(r.n), oldest: r.oldest ? new Date(r.oldest) : null };
}

/**
 * The organisation a user's searches count against: the one they represent (the lowest id if
 * several), else their e-mail domain, so that accounts made at one institution share a budget.
 */
export async function organisationOf(db: Kysely<HubDB>, userId: number): Promise<string> {
  const rep = await db
    .selectFrom('organisation_representative')
    .select('organisation_id')
    .where('user_id', '=', userId)
    .orderBy('organisation_id')
    .executeTakeFirst();
  if (rep) return `org:${rep.organisation_id}`;
  const user = await db.selectFrom('hub_user').select('email').where('id', '=', userId).executeTakeFirst();
  return `domain:${user?.email.split('@').pop() ?? ''}`;
}

export interface NodeLoss {
  node_id: number;
  node_name: string;
  spent: number;
  /** When the oldest spending answer of the period was asked (its loss frees up a period later). */
  oldest: Date | null;
}

/** The privacy loss a user spent at each node since `since` (nodes with none left out). */
export async function privacyLossSince(db: Kysely<HubDB>, userId: number, since: Date): Promise<NodeLoss[]> {
  const rows = await db
    .selectFrom('search_node')
    .innerJoin('search', 'search.id', 'search_node.search_id')
    .select((eb) => [
      'search_node.node_id',
      eb.fn.max('search_node.node_name').as('node_name'),
      eb.fn.sum<number>('search_node.epsilon_spent').as('spent'),
      eb.fn.min('search.created_at').as('oldest'),
    ])
    .where('search.user_id', '=', userId)
    .where('search.created_at', '>', since)
    .where('search_node.epsilon_spent', '>', 0)
    .groupBy('search_node.node_id')
    .orderBy('search_node.node_id')
    .execute();
  return rows.map((r) => ({
    node_id: Number(r.node_id),
    node_name: r.node_name,
    spent: Number(r.spent),
    oldest: r.oldest ? new Date(r.oldest) : null,
  }));
}
