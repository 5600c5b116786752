/**
 * The hub's federated-search broker: validates a query, fans it out to all or chosen nodes,
 * records each node's outcome as it arrives (answered, offline, timed out, failed with a reason,
 * cancelled), streams those outcomes to subscribers, and finishes when every node has settled or
 * the deadline passes. One slow node never holds back the others: each answer is recorded and
 * streamed on its own. Searches are kept per user (history) and audited with their normalised
 * query and client address; budgets (search-budget.ts) are checked before anything is asked.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter, setMaxListeners } from 'node:events';
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { CieError, errorMessage } from '../../errors.js';
import { normaliseQuery, queryHash } from '../../model/query/normalise.js';
import { parseQuery } from '../../model/query/validate.js';
import { log } from '../../log.js';
import type { NodeDispatcher } from './node-dispatcher.js';
import {
  checkHourlyBudgets,
  checkPrivacyBudget,
  searchBudget,
  spentNodes,
  type BudgetLimits,
  type SearchBudget,
} from './search-budget.js';
import { organisationOf } from './search-budget.repository.js';
import {
  findAnySearch,
  findSearch,
  finishSearch,
  insertSearch,
  listSearches,
  settleNode,
  settlePending,
  type AuditedSearchView,
  type NodeResultView,
  type SearchSummary,
  type SearchView,
} from './search.repository.js';
import type { SearchStatus } from './search.tables.js';

export type SearchEvent = { type: 'node'; node: NodeResultView } | { type: 'done'; status: SearchStatus };

/** Where the broker writes its audit records (the hub's audit log). */
export interface AuditSink {
  record(entry: {
    actorUserId: number;
    action: string;
    target: string;
    details: Record<string, unknown>;
  }): Promise<void>;
}

export interface SearchBrokerDeps extends BudgetLimits {
  db: Kysely<HubDB>;
  dispatcher: NodeDispatcher;
  audit: AuditSink;
  /** Default and maximum per-search deadline. */
  defaultDeadlineMs?: number;
  maxDeadlineMs?: number;
}

export interface StartSearch {
  query: unknown;
  /** Node ids; all known nodes when absent. */
  nodes?: number[] | undefined;
  deadlineMs?: number | undefined;
  /** The address the request came from (counted by the per-address budget, kept for the audit). */
  clientAddress?: string | undefined;
}

interface Live {
  emitter: EventEmitter;
  controller: AbortController;
  pending: Set<number>;
  timer: NodeJS.Timeout;
  cancelled: boolean;
}

/** One abort signal shared by every node's task of a search (one listener per node: no limit). */
function fanOutController(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

export class SearchBroker {
  private readonly live = new Map<string, Live>();
  private closed = false;
  private readonly defaultDeadlineMs: number;
  private readonly maxDeadlineMs: number;

  constructor(private readonly deps: SearchBrokerDeps) {
    this.defaultDeadlineMs = deps.defaultDeadlineMs ?? 10_000;
    this.maxDeadlineMs = deps.maxDeadlineMs ?? 60_000;
  }

  /** The user's budgets: searches per hour (user, organisation, address) and privacy loss per node. */
  budget(userId: number, clientAddress?: string): Promise<SearchBudget> {
    return searchBudget(this.deps.db, this.deps, userId, clientAddress ?? null);
  }

  /** Start a search for a user; returns its id at once, answers arrive in the background. */
  async startSearch(userId: number, input: StartSearch): Promise<{ id: string }> {
    const query = parseQuery(input.query);
    const clientAddress = input.clientAddress ?? null;
    const budget = await this.budget(userId, input.clientAddress);
    checkHourlyBudgets(budget);
    const deadlineMs = input.deadlineMs ?? this.defaultDeadlineMs;
    if (!Number.isInteger(deadlineMs) || deadlineMs < 1 || deadlineMs > this.maxDeadlineMs) {
      throw new CieError('VALIDATION_FAILED', `deadline must be 1 to ${this.maxDeadlineMs} ms`);
    }
    const known = await this.deps.dispatcher.nodes();
    const chosen = input.nodes ?? known.map((n) => n.id);
    const unknown = chosen.filter((id) => !known.some((n) => n.id === id));
    if (unknown.length) throw new CieError('NOT_FOUND', `no such node: ${unknown.join(', ')}`);
    if (chosen.length === 0) throw new CieError('VALIDATION_FAILED', 'no node to search: none is registered');
    const targets = known.filter((n) => chosen.includes(n.id));
    const spent = spentNodes(budget, chosen);
    checkPrivacyBudget(budget, chosen, spent);
    const id = randomUUID();
    const hash = queryHash(query);
    const normalised = normaliseQuery(query);
    await this.deps.audit.record({
      actorUserId: userId,
      action: 'search.start',
      target: `search:${id}`,
      details: {
        query_hash: hash,
        query: normalised,
        client_address: clientAddress,
        nodes: targets.map((n) => n.id),
        deadline_ms: deadlineMs,
      },
    });
    const organisation = await organisationOf(this.deps.db, userId);
    await insertSearch(
      this.deps.db,
      {
        id,
        userId,
        query,
        normalisedQuery: normalised,
        queryHash: hash,
        deadlineMs,
        clientAddress,
        organisation,
      },
      targets.map((n) => {
        const refused = spent.get(n.id);
        if (refused) return { id: n.id, name: n.name, state: 'failed', reason: refused };
        return {
          id: n.id,
          name: n.name,
          state: n.online ? 'pending' : 'offline',
          reason: n.online ? null : 'the node is not connected',
        };
      }),
    );
    const live: Live = {
      emitter: new EventEmitter(),
      controller: fanOutController(),
      pending: new Set(targets.filter((n) => n.online && !spent.has(n.id)).map((n) => n.id)),
      timer: setTimeout(() => {
        this.expire(id).catch((err: unknown) => log.error({ err, searchId: id }, 'expiring a search failed'));
      }, deadlineMs),
      cancelled: false,
    };
    live.emitter.setMaxListeners(0);
    this.live.set(id, live);
    for (const n of live.pending) {
      this.ask(id, n, query, deadlineMs, live).catch((err: unknown) =>
        log.error({ err, searchId: id, nodeId: n }, 'recording a node search outcome failed'),
      );
    }
    if (live.pending.size === 0) await this.finish(id, live);
    return { id };
  }

  private async ask(
    id: string,
    nodeId: number,
    query: unknown,
    deadlineMs: number,
    live: Live,
  ): Promise<void> {
    const started = performance.now();
    let outcome: Parameters<typeof settleNode>[3];
    try {
      const answer = await this.deps.dispatcher.send(nodeId, query, deadlineMs, live.controller.signal);
      outcome = { state: 'answered', answer, elapsedMs: performance.now() - started };
    } catch (err) {
      const code = err instanceof CieError ? err.code : undefined;
      const state = code === 'NODE_UNAVAILABLE' ? 'offline' : code === 'TIMEOUT' ? 'timed_out' : 'failed';
      outcome = { state, reason: errorMessage(err), elapsedMs: performance.now() - started };
    }
    if (this.closed) return;
    try {
      const row = await settleNode(this.deps.db, id, nodeId, outcome);
      if (row) live.emitter.emit('event', { type: 'node', node: row } satisfies SearchEvent);
    } finally {
      live.pending.delete(nodeId);
      if (live.pending.size === 0) await this.finish(id, live);
    }
  }

  private async expire(id: string): Promise<void> {
    const live = this.live.get(id);
    if (!live) return;
    live.controller.abort();
    const deadline = (await findSearchDeadline(this.deps.db, id)) ?? 0;
    const rows = await settlePending(this.deps.db, id, 'timed_out', `no answer within ${deadline} ms`);
    for (const node of rows) live.emitter.emit('event', { type: 'node', node } satisfies SearchEvent);
    live.pending.clear();
    await this.finish(id, live);
  }

  private async finish(id: string, live: Live): Promise<void> {
    if (this.live.get(id) !== live) return;
    this.live.delete(id);
    clearTimeout(live.timer);
    const status: SearchStatus = live.cancelled ? 'cancelled' : 'done';
    await finishSearch(this.deps.db, id, status);
    live.emitter.emit('event', { type: 'done', status } satisfies SearchEvent);
  }

  /** Cancel a running search of this user: pending nodes are marked cancelled. */
  async cancelSearch(userId: number, id: string): Promise<SearchView> {
    const view = await this.getSearch(userId, id);
    const live = this.live.get(id);
    if (live) {
      live.cancelled = true;
      live.controller.abort();
      await this.deps.audit.record({
        actorUserId: userId,
        action: 'search.cancel',
        target: `search:${id}`,
        details: {},
      });
      const rows = await settlePending(this.deps.db, id, 'cancelled', 'the search was cancelled');
      for (const node of rows) live.emitter.emit('event', { type: 'node', node } satisfies SearchEvent);
      live.pending.clear();
      await this.finish(id, live);
      return this.getSearch(userId, id);
    }
    return view;
  }

  /** The whole result so far. */
  async getSearch(userId: number, id: string): Promise<SearchView> {
    const view = await findSearch(this.deps.db, id, userId);
    if (!view) throw new CieError('NOT_FOUND', `no search ${id} of yours`);
    return view;
  }

  /** Any user's search, as an auditor opens it from the audit log (the route is admin-only). */
  async auditSearch(id: string): Promise<AuditedSearchView> {
    const view = await findAnySearch(this.deps.db, id);
    if (!view) throw new CieError('NOT_FOUND', `no search ${id}`);
    return view;
  }

  /** The user's searches, newest first. */
  history(userId: number, limit = 50): Promise<SearchSummary[]> {
    return listSearches(this.deps.db, userId, Math.min(Math.max(limit, 1), 500));
  }

  /**
   * Every node outcome of a search (those already recorded first, then the rest as they arrive),
   * then `done`. Ends at once for a finished search.
   */
  async *events(userId: number, id: string, signal?: AbortSignal): AsyncGenerator<SearchEvent> {
    const live = this.live.get(id);
    const queue: SearchEvent[] = [];
    let wake: (() => void) | undefined;
    const onEvent = (e: SearchEvent): void => {
      queue.push(e);
      wake?.();
    };
    live?.emitter.on('event', onEvent);
    const onAbort = (): void => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      const view = await this.getSearch(userId, id);
      const sent = new Set<number>();
      for (const node of view.nodes) {
        if (node.state === 'pending') continue;
        sent.add(node.node_id);
        yield { type: 'node', node };
      }
      if (!live || view.status !== 'running') {
        yield { type: 'done', status: view.status === 'running' ? 'done' : view.status };
        return;
      }
      for (;;) {
        if (signal?.aborted) return;
        const e = queue.shift();
        if (!e) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (e.type === 'node') {
          if (sent.has(e.node.node_id)) continue;
          sent.add(e.node.node_id);
        }
        yield e;
        if (e.type === 'done') return;
      }
    } finally {
      live?.emitter.off('event', onEvent);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Stop timers of searches still running (shutdown). */
  close(): void {
    this.closed = true;
    for (const live of this.live.values()) {
      clearTimeout(live.timer);
      live.controller.abort();
    }
    this.live.clear();
  }
}

async function findSearchDeadline(db: Kysely<HubDB>, id: string): Promise<number | undefined> {
  const r = await db.selectFrom('search').select('deadline_ms').where('id', '=', id).executeTakeFirst();
  return r?.deadline_ms;
}
