/** The hourly search budget as the page words it, and the 429 refusal with when to retry. */
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

/** A failed start as the user should read it: the budget refusal says when to try again. */
export function startErrorText(e: unknown): string {
  if (e instanceof ApiError && e.status === 429) {
    const after = e.retryAfterSeconds;
    return after === undefined
      ? 'You have used all your searches for this hour. Try again later.'
      : `You have used all your searches for this hour. Try again in ${wait(after)} (at ${clock(after)}).`;
  }
  return errorText(e);
}
