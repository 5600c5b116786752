/**
 * The hub's record of searches and of each node's released answer (migrations 0200-search,
 * 0210-search-privacy): enough for an auditor to see an attack — the query as sent and in normal
 * form, the client address, every node's answer and the privacy loss it spent.
 */
import type { Kysely, Selectable } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { NodeSearchState, SearchStatus, SearchTable } from './search.tables.js';
import type { FocusAnswer } from '../../model/search-answer.js';

export interface NodeResultView {
  node_id: number;
  node_name: string;
  state: NodeSearchState;
  answer: FocusAnswer | null;
  reason: string | null;
  elapsed_ms: number | null;
  /** Privacy loss (ε) the node reported for its answer. */
  epsilon_spent: number;
}

export interface SearchView {
  id: string;
  status: SearchStatus;
  query: unknown;
  normalised_query: unknown;
  query_hash: string;
  client_address: string | null;
  deadline_ms: number;
  created_at: string;
  finished_at: string | null;
  nodes: NodeResultView[];
}

export interface SearchSummary {
  id: string;
  status: SearchStatus;
  /** The Lens query as sent, so a page can describe it and load it back. */
  query: unknown;
  query_hash: string;
  created_at: string;
  /** Sites asked, and how many of them answered. */
  nodes: number;
  answered: number;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export async function insertSearch(
  db: Kysely<HubDB>,
  s: {
    id: string;
    userId: number;
    query: unknown;
    normalisedQuery: unknown;
    queryHash: string;
    deadlineMs: number;
    clientAddress: string | null;
    organisation: string;
  },
  nodes: Array<{ id: number; name: string; state: NodeSearchState; reason: string | null }>,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('search')
      .values({
        id: s.id,
        user_id: s.userId,
        query: JSON.stringify(s.query),
        normalised_query: JSON.stringify(s.normalisedQuery),
        query_hash: s.queryHash,
        client_address: s.clientAddress,
        organisation: s.organisation,
        deadline_ms: s.deadlineMs,
      })
      .execute();
    if (nodes.length > 0) {
      await tx
        .insertInto('search_node')
        .values(
          nodes.map((n) => ({
            search_id: s.id,
            node_id: n.id,
            node_name: n.name,
            state: n.state,
            reason: n.reason,
          })),
        )
        .execute();
    }
  });
}

/** Record a node's outcome if it is still pending; returns the row when it was recorded. */
export async function settleNode(
  db: Kysely<HubDB>,
  searchId: string,
  nodeId: number,
  outcome: { state: NodeSearchState; answer?: FocusAnswer; reason?: string; elapsedMs?: number },
): Promise<NodeResultView | undefined> {
  const row = await db
    .updateTable('search_node')
    .set({
      state: outcome.state,
      answer: outcome.answer ? JSON.stringify(outcome.answer) : null,
      reason: outcome.reason ?? null,
      elapsed_ms: outcome.elapsedMs === undefined ? null : Math.round(outcome.elapsedMs),
      epsilon_spent: outcome.answer ? privacyLossOf(outcome.answer) : 0,
    })
    .where('search_id', '=', searchId)
    .where('node_id', '=', nodeId)
    .where('state', '=', 'pending')
    .returning(['node_id', 'node_name', 'state', 'answer', 'reason', 'elapsed_ms', 'epsilon_spent'])
    .executeTakeFirst();
  return row ? toNodeView(row) : undefined;
}

/** The ε an answer spent; a node that does not say (older versions) is charged ε per collection. */
function privacyLossOf(answer: FocusAnswer): number {
  const p = answer.privacy;
  return p.epsilon_spent ?? (p.epsilon ?? 0) * answer.collections.length;
}

/** Mark the nodes still pending with a final state (timed out, cancelled). */
export async function settlePending(
  db: Kysely<HubDB>,
  searchId: string,
  state: NodeSearchState,
  reason: string,
): Promise<NodeResultView[]> {
  const rows = await db
    .updateTable('search_node')
    .set({ state, reason })
    .where('search_id', '=', searchId)
    .where('state', '=', 'pending')
    .returning(['node_id', 'node_name', 'state', 'answer', 'reason', 'elapsed_ms', 'epsilon_spent'])
    .execute();
  return rows.map(toNodeView);
}

export async function finishSearch(db: Kysely<HubDB>, searchId: string, status: SearchStatus): Promise<void> {
  await db
    .updateTable('search')
    .set({ status, finished_at: new Date() })
    .where('id', '=', searchId)
    .where('status', '=', 'running')
    .execute();
}

function toNodeView(r: {
  node_id: number;
  node_name: string;
  state: NodeSearchState;
  answer: unknown;
  reason: string | null;
  elapsed_ms: number | null;
  epsilon_spent: number;
}): NodeResultView {
  return {
    node_id: Number(r.node_id),
    node_name: r.node_name,
    state: r.state,
    answer: (r.answer as FocusAnswer | null) ?? null,
    reason: r.reason,
    elapsed_ms: r.elapsed_ms,
    epsilon_spent: Number(r.epsilon_spent),
  };
}

/** One search of one user, with every node's status; undefined if not theirs. */
export async function findSearch(
  db: Kysely<HubDB>,
  id: string,
  userId: number,
): Promise<SearchView | undefined> {
  const s = await db
    .selectFrom('search')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return s ? withNodes(db, s) : undefined;
}

/** A search as an auditor sees it: whoever ran it. */
export interface AuditedSearchView extends SearchView {
  user: { id: number; email: string; display_name: string } | null;
}

/** Any user's search (for the audit); undefined if there is none with this id. */
export async function findAnySearch(db: Kysely<HubDB>, id: string): Promise<AuditedSearchView | undefined> {
  const s = await db.selectFrom('search').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) return undefined;
  const user = await db
    .selectFrom('hub_user')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', s.user_id)
    .executeTakeFirst();
  return { ...(await withNodes(db, s)), user: user ? { ...user, id: Number(user.id) } : null };
}

async function withNodes(db: Kysely<HubDB>, s: Selectable<SearchTable>): Promise<SearchView> {
  const nodes = await db
    .selectFrom('search_node')
    .select(['node_id', 'node_name', 'state', 'answer', 'reason', 'elapsed_ms', 'epsilon_spent'])
    .where('search_id', '=', s.id)
    .orderBy('node_id')
    .execute();
  return {
    id: s.id,
    status: s.status,
    query: s.query,
    normalised_query: s.normalised_query ?? null,
    query_hash: s.query_hash,
    client_address: s.client_address,
    deadline_ms: s.deadline_ms,
    created_at: iso(s.created_at) ?? '',
    finished_at: iso(s.finished_at),
    nodes: nodes.map(toNodeView),
  };
}

export async function listSearches(
  db: Kysely<HubDB>,
  userId: number,
  limit: number,
): Promise<SearchSummary[]> {
  const rows = await db
    .selectFrom('search')
    .select((eb) => [
      'search.id',
      'search.status',
      'search.query',
      'search.query_hash',
      'search.created_at',
      eb
        .selectFrom('search_node')
        .whereRef('search_node.search_id', '=', 'search.id')
        .select((n) => n.fn.countAll<number>().as('n'))
        .as('nodes'),
      eb
        .selectFrom('search_node')
        .whereRef('search_node.search_id', '=', 'search.id')
        .where('search_node.state', '=', 'answered')
        .select((n) => n.fn.countAll<number>().as('n'))
        .as('answered'),
    ])
    .where('search.user_id', '=', userId)
    .orderBy('search.created_at', 'desc')
    .orderBy('search.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    created_at: iso(r.created_at) ?? '',
    nodes: Number(r.nodes ?? 0),
    answered: Number(r.answered ?? 0),
  }));
}
