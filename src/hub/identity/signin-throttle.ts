/**
 * Sign-in throttling that slows an attacker without locking the owner out. Failures are counted per
 * client address and per account; after `freeFailures`, each further failure makes the next
 * attempt wait longer (1 s, 2 s, 4 s, … up to a cap): attempts before then answer 429 with
 * Retry-After, without the password being checked. The account's cap is short (default 30 s) so
 * its owner, even from a new address, gets in after a short wait however many addresses an
 * attacker uses; an address the account signed in from before skips the account's delay. The
 * address's cap is long (default 15 min): one machine guessing many accounts is slowed hard.
 * Counts decay: a key without failures for an hour starts again from zero.
 */
import { sql, type Kysely } from 'kysely';
import type { HubConfig } from '../../config/hub-config.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';

const decayMs = 3600_000;

export type ThrottleScope = 'address' | 'account';

/** Seconds to wait after `failures` failures in a row (0 while they are free). */
export function delaySeconds(failures: number, free: number, capSeconds: number): number {
  if (failures <= free) return 0;
  return Math.min(2 ** Math.min(failures - free - 1, 30), capSeconds);
}

function caps(config: HubConfig): Record<ThrottleScope, number> {
  return { address: config.signInAddressMaxDelaySeconds, account: config.signInAccountMaxDelaySeconds };
}

/** Refuse (429, Retry-After) while any of these keys must still wait. */
export async function checkThrottle(
  db: Kysely<HubDB>,
  keys: readonly { scope: ThrottleScope; key: string }[],
  now = new Date(),
): Promise<void> {
  if (keys.length === 0) return;
  const rows = await db
    .selectFrom('signin_throttle')
    .select(['scope', 'not_before'])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('key', '=', k.key)]))))
    .where('not_before', '>', now)
    .execute();
  const wait = Math.max(0, ...rows.map((r) => r.not_before.getTime() - now.getTime()));
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new CieError(
      'RATE_LIMITED',
      `too many failed sign-ins: wait ${seconds} s before the next attempt`,
      { retryAfterSeconds: seconds },
    );
  }
}

/** Count a failure against each key and set when the next attempt may be checked. */
export async function recordFailure(
  db: Kysely<HubDB>,
  config: HubConfig,
  keys: readonly { scope: ThrottleScope; key: string }[],
  now = new Date(),
): Promise<void> {
  for (const k of keys) {
    const prior = await db
      .selectFrom('signin_throttle')
      .select(['failures', 'last_failure_at'])
      .where('scope', '=', k.scope)
      .where('key', '=', k.key)
      .executeTakeFirst();
    const failures =
      prior && now.getTime() - prior.last_failure_at.getTime() < decayMs ? prior.failures + 1 : 1;
    const delay = delaySeconds(failures, config.signInFreeFailures, caps(config)[k.scope]);
    const row = { failures, last_failure_at: now, not_before: new Date(now.getTime() + delay * 1000) };
    await db
      .insertInto('signin_throttle')
      .values({ scope: k.scope, key: k.key, ...row })
      .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet(row))
      .execute();
  }
}

/** A correct password: the account's count starts again, and this address is known to it. */
export async function recordSuccess(
  db: Kysely<HubDB>,
  user: { id: number; email: string },
  address: string | null,
): Promise<void> {
  await db
    .deleteFrom('signin_throttle')
    .where('scope', '=', 'account')
    .where('key', '=', user.email)
    .execute();
  const userId = user.id;
  if (address === null) return;
  await db
    .insertInto('signin_known_address')
    .values({ user_id: userId, address, last_seen_at: new Date() })
    .onConflict((oc) => oc.columns(['user_id', 'address']).doUpdateSet({ last_seen_at: sql`now()` }))
    .execute();
}

export async function isKnownAddress(
  db: Kysely<HubDB>,
  userId: number,
  address: string | null,
): Promise<boolean> {
  if (address === null) return false;
  const row = await db
    .selectFrom('signin_known_address')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('address', '=', address)
    .executeTakeFirst();
  return row !== undefined;
}
