/**
 * Sign-in through an external OpenID Connect provider (authorization code + PKCE, state, nonce).
 * The pending flow lives in `oidc_flow` (10 minutes) and is bound to the browser by a cookie
 * holding its state. Users are linked by (issuer, sub); the first sign-in creates the account.
 * Roles are mapped from one claim (EUCAIM LS-AAI: eduperson_entitlement) at every sign-in.
 */
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import { audit } from '../../audit/audit.js';
import type { OidcProviderConfig } from '../../config/hub-config.js';
import type { HubDB } from '../../db/schema.js';
import { CieError, errorMessage } from '../../errors.js';
import type { GrantedRole } from './identity.tables.js';
import { findUserByEmail, findUserById, insertUser, rolesOf, setRoles } from './user.repository.js';

const flowMinutes = 10;
const configurations = new Map<string, Promise<client.Configuration>>();

function configurationOf(p: OidcProviderConfig): Promise<client.Configuration> {
  const key = `${p.id}|${p.issuer}|${p.clientId}`;
  let c = configurations.get(key);
  if (!c) {
    c = client.discovery(new URL(p.issuer), p.clientId, p.clientSecret, undefined, {
      ...(p.allowInsecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
    c.catch(() => configurations.delete(key));
    configurations.set(key, c);
  }
  return c.catch((err: unknown) => {
    throw new CieError(
      'NODE_UNAVAILABLE',
      `the identity provider ${p.name} cannot be reached: ${errorMessage(err)}`,
    );
  });
}

/** A path on this hub to go back to after sign-in; anything else becomes "/". */
export function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';
}

export async function startOidcSignIn(
  db: Kysely<HubDB>,
  p: OidcProviderConfig,
  redirectUri: string,
  returnTo: string,
): Promise<{ url: URL; state: string }> {
  const config = await configurationOf(p);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await db.deleteFrom('oidc_flow').where('expires_at', '<', new Date()).execute();
  await db
    .insertInto('oidc_flow')
    .values({
      state,
      provider: p.id,
      code_verifier: codeVerifier,
      nonce,
      return_to: returnTo,
      expires_at: new Date(Date.now() + flowMinutes * 60_000),
    })
    .execute();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: p.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state };
}

/** Roles granted by the provider's mapping for these claim values. */
export function mapRoles(p: OidcProviderConfig, claimValue: unknown): GrantedRole[] {
  const values = Array.isArray(claimValue)
    ? claimValue.filter((v): v is string => typeof v === 'string')
    : typeof claimValue === 'string'
      ? [claimValue]
      : [];
  const roles = new Set<GrantedRole>();
  for (const [pattern, granted] of Object.entries(p.roleMapping)) {
    const match = pattern.endsWith('*')
      ? (v: string) => v.startsWith(pattern.slice(0, -1))
      : (v: string) => v === pattern;
    if (values.some(match)) for (const r of granted) roles.add(r);
  }
  return [...roles].sort();
}

export async function finishOidcSignIn(
  db: Kysely<HubDB>,
  p: OidcProviderConfig,
  callbackUrl: URL,
  browserState: string | undefined,
  ip: string,
): Promise<{ userId: number; returnTo: string }> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const flow = await db.deleteFrom('oidc_flow').where('state', '=', state).returningAll().executeTakeFirst();
  if (!flow || flow.provider !== p.id || flow.expires_at < new Date() || browserState !== state) {
    await audit(db, {
      actor: 'anonymous',
      action: 'auth.sign-in',
      outcome: 'failure',
      ip,
      details: { method: `oidc:${p.id}`, reason: 'unknown or expired state' },
    });
    throw new CieError('UNAUTHENTICATED', 'this sign-in link is unknown or expired: start signing in again');
  }
  const config = await configurationOf(p);
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.code_verifier,
      expectedState: state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token');
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    claims = { ...info, ...idClaims };
    if (claims[p.roleClaim] === undefined && info[p.roleClaim] !== undefined)
      claims[p.roleClaim] = info[p.roleClaim];
  } catch (err) {
    await audit(db, {
      actor: 'anonymous',
      action: 'auth.sign-in',
      outcome: 'failure',
      ip,
      details: { method: `oidc:${p.id}`, reason: errorMessage(err) },
    });
    throw new CieError('UNAUTHENTICATED', `sign-in with ${p.name} failed: ${errorMessage(err)}`);
  }
  const issuer = String(claims.iss);
  const subject = String(claims.sub);
  const userId = await linkUser(db, p, issuer, subject, claims);
  const user = await findUserById(db, userId);
  if (!user || user.disabled) {
    await audit(db, {
      actor: `user:${userId}`,
      action: 'auth.sign-in',
      target: `user:${userId}`,
      outcome: 'denied',
      ip,
      details: { method: `oidc:${p.id}`, reason: 'account disabled' },
    });
    throw new CieError('FORBIDDEN', 'this account is disabled: contact the hub administrators');
  }
  const before = await rolesOf(db, userId);
  const mapped = mapRoles(p, claims[p.roleClaim]);
  await setRoles(db, userId, `oidc:${p.id}`, mapped);
  const after = await rolesOf(db, userId);
  if (before.join() !== after.join()) {
    await audit(db, {
      actor: `oidc:${p.id}`,
      action: 'user.roles.set',
      target: `user:${userId}`,
      ip,
      details: { from: before, to: after, claim: p.roleClaim },
    });
  }
  await audit(db, {
    actor: `user:${userId}`,
    action: 'auth.sign-in',
    target: `user:${userId}`,
    ip,
    details: { method: `oidc:${p.id}` },
  });
  return { userId, returnTo: flow.return_to };
}

async function linkUser(
  db: Kysely<HubDB>,
  p: OidcProviderConfig,
  issuer: string,
  subject: string,
  claims: Record<string, unknown>,
): Promise<number> {
  const linked = await db
    .selectFrom('user_identity')
    .select('user_id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  if (linked) return Number(linked.user_id);
  const claimedEmail = typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
  const email = claimedEmail ?? `${subject.replace(/[^\w.-]/g, '_')}@${p.id}.oidc.invalid`;
  const name = typeof claims.name === 'string' ? claims.name : (claimedEmail ?? subject);
  return db.transaction().execute(async (tx) => {
    const existing = await findUserByEmail(tx, email);
    let userId: number;
    if (existing) {
      // Only a provider that vouches for the address may take over a local account with it.
      if (claims.email_verified !== true) {
        throw new CieError(
          'CONFLICT',
          `an account with the e-mail ${email} exists already and ${p.name} did not verify the address`,
        );
      }
      userId = existing.id;
    } else {
      userId = await insertUser(tx, { email, displayName: name, passwordHash: null });
      await audit(tx, {
        actor: `oidc:${p.id}`,
        action: 'user.create',
        target: `user:${userId}`,
        details: { email, issuer },
      });
    }
    await tx
      .insertInto('user_identity')
      .values({ issuer, subject, provider: p.id, user_id: userId })
      .execute();
    return userId;
  });
}
