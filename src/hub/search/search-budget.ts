/**
 * Search budgets, so that neither more accounts nor more addresses buy a patient attacker more
 * questions: searches per rolling hour per user, per organisation (what they represent, else their
 * e-mail domain) and per client address; and, at nodes that add noise, the privacy loss (ε) each
 * user may spend per node and period. A search is refused (429 with Retry-After) when any of the
 * hourly budgets is used up, or when the privacy budget is spent at every node it would ask;
 * nodes whose privacy budget is spent are left out of a search that still asks others.
 */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import {
  organisationOf,
  privacyLossSince,
  searchesSince,
  type BudgetScope,
} from './search-budget.repository.js';

/** The limits; 0 or absent: none (hub-config.ts documents each). */
export interface BudgetLimits {
  searchesPerHour?: number | undefined;
  searchesPerHourPerOrganisation?: number | undefined;
  searchesPerHourPerAddress?: number | undefined;
  privacyBudgetEpsilon?: number | undefined;
  privacyBudgetHours?: number | undefined;
}

/** One hourly budget: the limit (null: none), what is used, when the next search frees up. */
export interface RateBudget {
  per_hour: number | null;
  used: number;
  /** Seconds until a search is allowed again (0: allowed now). */
  retry_after_s: number;
}

export interface NodePrivacyBudget {
  node_id: number;
  node_name: string;
  /** ε spent at this node in the period. */
  spent: number;
  /** ε left (0 when spent); null when there is no limit. */
  remaining: number | null;
  /** Seconds until the oldest spending of the period drops out of it. */
  renews_in_s: number;
}

/** A user's search budget. The top-level fields are the user's own hourly budget. */
export interface SearchBudget extends RateBudget {
  organisation: RateBudget & { key: string };
  address: RateBudget & { value: string | null };
  privacy: {
    /** ε a user may spend per node and period; null: no limit. */
    epsilon_per_period: number | null;
    period_hours: number;
    /** Nodes where this user spent some ε in the period. */
    nodes: NodePrivacyBudget[];
  };
}

const hour = 3_600_000;

async function rate(
  db: Kysely<HubDB>,
  scope: BudgetScope,
  value: number | string | null,
  limit: number | undefined,
): Promise<RateBudget> {
  const perHour = limit || null;
  if (value === null) return { per_hour: perHour, used: 0, retry_after_s: 0 };
  const { count, oldest } = await searchesSince(db, scope, value, new Date(Date.now() - hour));
  const retry =
    perHour !== null && count >= perHour && oldest
      ? Math.max(1, Math.ceil((oldest.getTime() + hour - Date.now()) / 1000))
      : 0;
  return { per_hour: perHour, used: count, retry_after_s: retry };
}

export async function searchBudget(
  db: Kysely<HubDB>,
  limits: BudgetLimits,
  userId: number,
  address: string | null,
): Promise<SearchBudget> {
  const organisation = await organisationOf(db, userId);
  const periodMs = (limits.privacyBudgetHours ?? 24) * hour;
  const epsilon = limits.privacyBudgetEpsilon || null;
  const losses = await privacyLossSince(db, userId, new Date(Date.now() - periodMs));
  return {
    ...(await rate(db, 'user_id', userId, limits.searchesPerHour)),
    organisation: {
      key: organisation,
      ...(await rate(db, 'organisation', organisation, limits.searchesPerHourPerOrganisation)),
    },
    address: {
      value: address,
      ...(await rate(db, 'client_address', address, limits.searchesPerHourPerAddress)),
    },
    privacy: {
      epsilon_per_period: epsilon,
      period_hours: periodMs / hour,
      nodes: losses.map((l) => ({
        node_id: l.node_id,
        node_name: l.node_name,
        spent: l.spent,
        remaining: epsilon === null ? null : Math.max(0, epsilon - l.spent),
        renews_in_s: l.oldest
          ? Math.max(0, Math.ceil((l.oldest.getTime() + periodMs - Date.now()) / 1000))
          : 0,
      })),
    },
  };
}

/** Throws RATE_LIMITED (with `retryAfterSeconds`) when an hourly budget is used up. */
export function checkHourlyBudgets(b: SearchBudget): void {
  const refusals: Array<[RateBudget, string]> = [
    [b, `at most ${b.per_hour} searches per hour`],
    [
      b.organisation,
      `at most ${b.organisation.per_hour} searches per hour for your organisation (${b.organisation.key.replace(/^\w+:/, '')})`,
    ],
    [
      b.address,
      `at most ${b.address.per_hour} searches per hour from your address (${b.address.value ?? ''})`,
    ],
  ];
  for (const [r, what] of refusals) {
    if (r.retry_after_s > 0) {
      throw new CieError('RATE_LIMITED', `${what}; the next is allowed in ${r.retry_after_s} s`, {
        retryAfterSeconds: r.retry_after_s,
      });
    }
  }
}

/** The nodes among `nodeIds` whose privacy budget this user has spent, with why. */
export function spentNodes(b: SearchBudget, nodeIds: number[]): Map<number, string> {
  const spent = new Map<number, string>();
  for (const n of b.privacy.nodes) {
    if (n.remaining !== 0 || !nodeIds.includes(n.node_id)) continue;
    const renews = Math.ceil(n.renews_in_s / 60);
    spent.set(
      n.node_id,
      `your privacy budget at ${n.node_name} is spent (ε ${round(n.spent)} of ${b.privacy.epsilon_per_period} in ${b.privacy.period_hours} h); it renews in ${renews} min`,
    );
  }
  return spent;
}

/** Throws RATE_LIMITED when the privacy budget is spent at every node asked. */
export function checkPrivacyBudget(b: SearchBudget, nodeIds: number[], spent: Map<number, string>): void {
  if (nodeIds.length === 0 || nodeIds.some((id) => !spent.has(id))) return;
  const renews = Math.min(
    ...b.privacy.nodes.filter((n) => nodeIds.includes(n.node_id)).map((n) => Math.max(1, n.renews_in_s)),
  );
  throw new CieError('RATE_LIMITED', [...spent.values()].join('; '), { retryAfterSeconds: renews });
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
