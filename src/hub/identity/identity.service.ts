/** Local accounts: creation, throttled sign-in, password change, and the `me` view. */
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { HubConfig } from '../../config/hub-config.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import type { UserPrincipal } from '../auth/access.js';
import { currentTerms, recordTermsAcceptance } from '../terms/terms.repository.js';
import { hashPassword, verifyPassword } from './password.js';
import { deleteUserSessions } from './session.repository.js';
import { checkThrottle, isKnownAddress, recordFailure, recordSuccess } from './signin-throttle.js';
import { findUserByEmail, findUserById, insertUser } from './user.repository.js';

export interface SignUpInput {
  email: string;
  displayName: string;
  password: string;
  /** The terms-of-use version the person read and accepted, if any. */
  acceptTermsVersion?: number | undefined;
}

/** Create a local account; with `acceptTermsVersion` equal to the current one, accept the terms. */
export async function createLocalUser(
  db: Kysely<HubDB>,
  input: SignUpInput,
  ip: string | null,
  actor: string,
) {
  if (await findUserByEmail(db, input.email)) {
    throw new CieError(
      'CONFLICT',
      `an account with the e-mail ${input.email} exists already: sign in instead`,
    );
  }
  const terms = await currentTerms(db, 'terms-of-use');
  if (input.acceptTermsVersion !== undefined && input.acceptTermsVersion !== terms?.version) {
    throw new CieError(
      'CONFLICT',
      `the current terms of use are version ${terms?.version ?? 'none'}, not ${input.acceptTermsVersion}: read them again`,
    );
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const id = await insertUser(tx, { email: input.email, displayName: input.displayName, passwordHash });
    await audit(tx, {
      actor,
      action: 'user.create',
      target: `user:${id}`,
      ip,
      details: { email: input.email },
    });
    if (terms && input.acceptTermsVersion === terms.version) {
      await recordTermsAcceptance(tx, id, terms.id, ip);
      await audit(tx, {
        actor: `user:${id}`,
        action: 'terms.accept',
        target: `terms-of-use:${terms.version}`,
        ip,
      });
    }
    return id;
  });
}

/**
 * Check an e-mail and password, throttled per client address and per e-mail (signin-throttle.ts):
 * an attacker is slowed by growing delays, the owner is never locked out. Unknown e-mails and
 * wrong passwords answer alike.
 */
export async function signIn(
  db: Kysely<HubDB>,
  config: HubConfig,
  email: string,
  password: string,
  ip: string | null,
) {
  const user = await findUserByEmail(db, email);
  const fail = async (reason: string, outcome: 'failure' | 'denied' = 'failure') => {
    await audit(db, {
      actor: email,
      action: 'auth.sign-in',
      target: user ? `user:${user.id}` : null,
      outcome,
      ip,
      details: { reason },
    });
  };
  const known = user ? await isKnownAddress(db, user.id, ip) : false;
  const keys = [
    ...(ip === null ? [] : [{ scope: 'address' as const, key: ip }]),
    ...(known ? [] : [{ scope: 'account' as const, key: email }]),
  ];
  try {
    await checkThrottle(db, keys);
  } catch (err) {
    await fail('throttled', 'denied');
    throw err;
  }
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok) {
    await recordFailure(db, config, [
      ...keys.filter((k) => k.scope === 'address'),
      { scope: 'account', key: email },
    ]);
    await fail(user ? 'wrong password' : 'unknown e-mail');
    throw new CieError('UNAUTHENTICATED', 'wrong e-mail or password');
  }
  if (user.disabled) {
    await fail('account disabled', 'denied');
    throw new CieError('FORBIDDEN', 'this account is disabled: contact the hub administrators');
  }
  await recordSuccess(db, { id: user.id, email }, ip);
  return user.id;
}

/** Change a password after checking the current one; ends the user's other sessions. */
export async function changePassword(
  db: Kysely<HubDB>,
  principal: UserPrincipal,
  currentSessionHash: string | undefined,
  oldPassword: string,
  newPassword: string,
  ip: string | null,
): Promise<void> {
  const user = await findUserById(db, principal.userId);
  if (!user) throw new CieError('NOT_FOUND', 'this account no longer exists');
  if (!(await verifyPassword(user.password_hash, oldPassword))) {
    await audit(db, {
      actor: `user:${user.id}`,
      action: 'auth.password.change',
      outcome: 'failure',
      ip,
      details: { reason: 'wrong current password' },
    });
    throw new CieError('UNAUTHENTICATED', 'the current password is wrong');
  }
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('hub_user').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await deleteUserSessions(tx, user.id, currentSessionHash);
    await audit(tx, {
      actor: `user:${user.id}`,
      action: 'auth.password.change',
      target: `user:${user.id}`,
      ip,
    });
  });
}

export async function describeMe(db: Kysely<HubDB>, principal: UserPrincipal) {
  const user = await findUserById(db, principal.userId);
  if (!user) throw new CieError('NOT_FOUND', 'this account no longer exists');
  const terms = await currentTerms(db, 'terms-of-use');
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    roles: [...principal.roles],
    representativeOf: [...principal.representativeOf],
    termsAccepted: principal.termsAccepted,
    currentTermsVersion: terms?.version ?? null,
    hasPassword: user.password_hash !== null,
    via: principal.via,
  };
}
