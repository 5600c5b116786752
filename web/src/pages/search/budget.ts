/** The search budgets as the page words them, and the 429 refusal with when to retry. */
import { ApiError } from '../../api';
import { errorText } from '../../components/format';
import type { SearchBudget } from './results';

function wait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

const clock = (seconds: number): string =>
  new Date(Date.now() + seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** "3 of 20 searches left this hour"; undefined when there is no limit. */
export function budgetText(b: SearchBudget): string | undefined {
  if (b.per_hour === null) return undefined;
  const left = Math.max(0, b.per_hour - b.used);
  const next = left === 0 && b.retry_after_s > 0 ? ` — the next is allowed in ${wait(b.retry_after_s)}` : '';
  return `${left} of ${b.per_hour} searches left this hour${next}`;
}

/**
 * "Privacy budget left: Oslo ε 1.5 of 20, Lyon ε 0 of 20 (renews in 3 h)"; undefined when there is
 * no limit or nothing was spent in the period.
 */
export function privacyBudgetText(b: SearchBudget): string | undefined {
  const limit = b.privacy.epsilon_per_period;
  if (limit === null || b.privacy.nodes.length === 0) return undefined;
  const sites = b.privacy.nodes.map((n) => {
    const left = n.remaining ?? limit;
    const renews = left === 0 ? ` (renews in ${wait(n.renews_in_s)})` : '';
    return `${n.node_name} ε ${Math.round(left * 100) / 100} of ${limit}${renews}`;
  });
  return `Privacy budget left for the next ${b.privacy.period_hours} h: ${sites.join(', ')}`;
}

/** A failed start as the user should read it: the budget refusal says which budget and when to try again. */
export function startErrorText(e: unknown): string {
  if (e instanceof ApiError && e.status === 429) {
    const after = e.retryAfterSeconds;
    // the user's own hourly budget in the page's words; the others (organisation, address,
    // privacy loss at a site) as the hub names them
    const why = /^at most \d+ searches per hour;/.test(e.message)
      ? 'You have used all your searches for this hour.'
      : `${e.message.replace(/; the next is allowed in \d+ s$/, '')}.`;
    return after === undefined
      ? `${why} Try again later.`
      : `${why} Try again in ${wait(after)} (at ${clock(after)}).`;
  }
  return errorText(e);
}
