import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type Agent, type TestHub } from '../../../test/support/hub.js';
import { linkTokenSentTo } from '../../../test/support/mail.js';

interface ErrorBody {
  error: { code: string; message: string };
}

async function signIn(agent: Agent, email: string, password: string): Promise<Response> {
  return agent.fetch('/api/v1/auth/sign-in', { method: 'POST', json: { email, password } });
}

describe('local accounts and sessions (real HTTP)', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ config: { signInPerMinute: 1000, allowSignup: true } });
  });
  after(() => hub.close());

  it('signs up by e-mailed link, accepts the terms, and keeps only hashes of the password and the session id', async () => {
    const agent = hub.anonymous();
    const asked = await agent.fetch('/api/v1/auth/sign-up', {
      method: 'POST',
      json: { email: 'Ana@Example.org' },
    });
    assert.equal(asked.status, 202);
    const token = await linkTokenSentTo(hub, 'ana@example.org');
    const res = await agent.fetch('/api/v1/auth/invitation/accept', {
      method: 'POST',
      json: { token, displayName: 'Ana', password: 'correct horse battery', acceptTermsVersion: 1 },
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { user: { email: string; termsAccepted: boolean; roles: string[] } };
    assert.equal(body.user.email, 'ana@example.org');
    assert.equal(body.user.termsAccepted, true);
    assert.deepEqual(body.user.roles, ['researcher']);
    const me = await agent.fetch('/api/v1/me');
    assert.equal(me.status, 200);
    const row = await hub.db
      .selectFrom('hub_user')
      .select('password_hash')
      .where('email', '=', 'ana@example.org')
      .executeTakeFirstOrThrow();
    assert.match(row.password_hash ?? '', /^\$argon2id\$/);
    const sessionId = agent.cookies.get('cie_session') ?? '';
    const stored = await hub.db.selectFrom('hub_session').select('id_hash').execute();
    assert.ok(
      stored.length > 0 && stored.every((s) => s.id_hash !== sessionId && /^[0-9a-f]{64}$/.test(s.id_hash)),
    );
  });

  it('gives a new session id at sign-in and the planted one stops working (no fixation)', async () => {
    const user = await hub.createUser({ password: 'fixation test pw' });
    const planted = await user.newSession();
    const agent = hub.anonymous();
    agent.cookies.set('cie_session', planted.id);
    agent.cookies.set('cie_csrf', planted.csrfToken);
    assert.equal((await signIn(agent, user.email, 'fixation test pw')).status, 200);
    const fresh = agent.cookies.get('cie_session');
    assert.ok(fresh && fresh !== planted.id, 'the session id changed');
    assert.equal((await agent.fetch('/api/v1/me')).status, 200);
    const attacker = hub.anonymous();
    attacker.cookies.set('cie_session', planted.id);
    assert.equal((await attacker.fetch('/api/v1/me')).status, 401);
    // An attacker-chosen id that never existed is not adopted either.
    const chosen = hub.anonymous();
    chosen.cookies.set('cie_session', 'attacker-chosen-id');
    assert.equal((await signIn(chosen, user.email, 'fixation test pw')).status, 200);
    assert.notEqual(chosen.cookies.get('cie_session'), 'attacker-chosen-id');
  });

  it('sets the session cookie httpOnly and SameSite=Lax, the CSRF cookie readable', async () => {
    const user = await hub.createUser({ password: 'cookie flags pw' });
    const res = await signIn(hub.anonymous(), user.email, 'cookie flags pw');
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('cie_session='));
    const csrf = cookies.find((c) => c.startsWith('cie_csrf='));
    assert.match(session ?? '', /HttpOnly/);
    assert.match(session ?? '', /SameSite=Lax/);
    assert.doesNotMatch(csrf ?? '', /HttpOnly/);
  });

  it('refuses a cookie-authenticated state change without the CSRF header (bearer needs none)', async () => {
    const agent = await hub.userAgent();
    agent.sendCsrf = false;
    const missing = await agent.fetch('/api/v1/me/tokens', { method: 'POST', json: { name: 'x' } });
    assert.equal(missing.status, 403);
    assert.equal(((await missing.json()) as ErrorBody).error.code, 'CSRF_FAILED');
    const wrong = await agent.fetch('/api/v1/me/tokens', {
      method: 'POST',
      json: { name: 'x' },
      headers: { 'x-csrf-token': 'forged' },
    });
    assert.equal(wrong.status, 403);
    assert.equal((await agent.fetch('/api/v1/me/tokens')).status, 200, 'reads need no CSRF token');
    agent.sendCsrf = true;
    const ok = await agent.fetch('/api/v1/me/tokens', { method: 'POST', json: { name: 'x' } });
    assert.equal(ok.status, 201);
    const { token } = (await ok.json()) as { token: string };
    const bearer = await fetch(`${hub.url}/api/v1/me/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'from a script' }),
    });
    assert.equal(bearer.status, 201);
  });

  it('shows a token once, lists it, and refuses it on the next request after revocation', async () => {
    const agent = await hub.userAgent();
    const created = await agent.fetch('/api/v1/me/tokens', {
      method: 'POST',
      json: { name: 'ci', expiresInDays: 30 },
    });
    const { id, token } = (await created.json()) as { id: number; token: string };
    assert.match(token, /^cie_[A-Za-z0-9_-]{43}$/);
    const auth = { authorization: `Bearer ${token}` };
    const me = await fetch(`${hub.url}/api/v1/me`, { headers: auth });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { via: string }).via, 'token');
    const list = (await (await agent.fetch('/api/v1/me/tokens')).json()) as {
      id: number;
      lastUsedAt: string | null;
      token?: string;
    }[];
    assert.equal(list.length, 1);
    assert.equal(list[0]?.token, undefined, 'the token is never shown again');
    assert.ok(list[0]?.lastUsedAt, 'last use is recorded');
    assert.equal((await agent.fetch(`/api/v1/me/tokens/${id}`, { method: 'DELETE' })).status, 204);
    const after = await fetch(`${hub.url}/api/v1/me`, { headers: auth });
    assert.equal(after.status, 401);
    assert.equal((await agent.fetch(`/api/v1/me/tokens/${id}`, { method: 'DELETE' })).status, 404);
    const actions = await hub.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'token.%')
      .execute();
    assert.ok(actions.some((a) => a.action === 'token.revoke'));
  });

  it('changes a password only with the current one, and ends the other sessions', async () => {
    const user = await hub.createUser({ password: 'old password 123' });
    const a = hub.anonymous();
    const b = hub.anonymous();
    await signIn(a, user.email, 'old password 123');
    await signIn(b, user.email, 'old password 123');
    const wrong = await a.fetch('/api/v1/auth/password', {
      method: 'POST',
      json: { currentPassword: 'not it', newPassword: 'new password 456' },
    });
    assert.equal(wrong.status, 401);
    const ok = await a.fetch('/api/v1/auth/password', {
      method: 'POST',
      json: { currentPassword: 'old password 123', newPassword: 'new password 456' },
    });
    assert.equal(ok.status, 204);
    assert.equal((await a.fetch('/api/v1/me')).status, 200, 'this session goes on');
    assert.equal((await b.fetch('/api/v1/me')).status, 401, 'the other session ended');
    assert.equal((await signIn(hub.anonymous(), user.email, 'old password 123')).status, 401);
    assert.equal((await signIn(hub.anonymous(), user.email, 'new password 456')).status, 200);
  });

  it('ends sessions after the idle time and after the absolute lifetime', async () => {
    const idle = await hub.userAgent();
    const old = await hub.userAgent();
    assert.equal((await idle.fetch('/api/v1/me')).status, 200);
    const idleHash = await hub.db
      .selectFrom('hub_session')
      .select('id_hash')
      .orderBy('created_at', 'desc')
      .execute();
    // Age the two newest sessions: one idle for 3 hours, one past its absolute expiry.
    const [newest, second] = idleHash;
    await hub.db
      .updateTable('hub_session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id_hash', '=', newest?.id_hash ?? '')
      .execute();
    await hub.db
      .updateTable('hub_session')
      .set({ last_seen_at: new Date(Date.now() - 3 * 3_600_000) })
      .where('id_hash', '=', second?.id_hash ?? '')
      .execute();
    assert.equal((await idle.fetch('/api/v1/me')).status, 401);
    assert.equal((await old.fetch('/api/v1/me')).status, 401);
  });

  it('signs out: the session cookie no longer works', async () => {
    const agent = await hub.userAgent();
    const id = agent.cookies.get('cie_session') ?? '';
    assert.equal((await agent.fetch('/api/v1/auth/sign-out', { method: 'POST', json: {} })).status, 204);
    assert.equal(agent.cookies.has('cie_session'), false, 'the browser drops the cookie');
    const replay = hub.anonymous();
    replay.cookies.set('cie_session', id);
    assert.equal((await replay.fetch('/api/v1/me')).status, 401);
  });

  it('ends a disabled account’s sessions and refuses its tokens', async () => {
    const admin = await hub.userAgent({ roles: ['admin'] });
    const user = await hub.createUser({ password: 'will be disabled' });
    const agent = hub.anonymous();
    await signIn(agent, user.email, 'will be disabled');
    const token = await user.newToken();
    const res = await admin.fetch(`/api/v1/admin/users/${user.id}`, {
      method: 'PATCH',
      json: { disabled: true },
    });
    assert.equal(res.status, 200);
    assert.equal((await agent.fetch('/api/v1/me')).status, 401);
    assert.equal(
      (await fetch(`${hub.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status,
      401,
    );
    const again = await signIn(hub.anonymous(), user.email, 'will be disabled');
    assert.equal(again.status, 403);
  });

  it('gates every route but me/terms/sign-out until the current terms are accepted, again after a new version', async () => {
    const admin = await hub.userAgent({ roles: ['admin'] });
    const agent = await hub.userAgent({ acceptTerms: false });
    const gated = await agent.fetch('/api/v1/me/tokens');
    assert.equal(gated.status, 403);
    assert.equal(((await gated.json()) as ErrorBody).error.code, 'TERMS_NOT_ACCEPTED');
    const me = (await (await agent.fetch('/api/v1/me')).json()) as {
      termsAccepted: boolean;
      currentTermsVersion: number;
    };
    assert.equal(me.termsAccepted, false);
    const terms = (await (await agent.fetch('/api/v1/terms/current')).json()) as {
      version: number;
      body: string;
    };
    assert.match(terms.body, /Terms of use/);
    assert.equal(
      (await agent.fetch('/api/v1/terms/accept', { method: 'POST', json: { version: terms.version } }))
        .status,
      204,
    );
    assert.equal((await agent.fetch('/api/v1/me/tokens')).status, 200);

    const published = await admin.fetch('/api/v1/admin/terms', {
      method: 'POST',
      json: { kind: 'terms-of-use', body: '# Terms of use\n\nVersion 2.' },
    });
    assert.equal(published.status, 201);
    const v2 = ((await published.json()) as { version: number }).version;
    assert.equal(v2, terms.version + 1);
    const regated = await agent.fetch('/api/v1/me/tokens');
    assert.equal(((await regated.json()) as ErrorBody).error.code, 'TERMS_NOT_ACCEPTED');
    // The admin too must accept the new version before using admin routes.
    assert.equal((await admin.fetch('/api/v1/admin/users')).status, 403);
    const stale = await agent.fetch('/api/v1/terms/accept', {
      method: 'POST',
      json: { version: terms.version },
    });
    assert.equal(stale.status, 409);
    assert.equal(
      (await agent.fetch('/api/v1/terms/accept', { method: 'POST', json: { version: v2 } })).status,
      204,
    );
    assert.equal((await agent.fetch('/api/v1/me/tokens')).status, 200);
    const accepted = await hub.db
      .selectFrom('audit_log')
      .select('target')
      .where('action', '=', 'terms.accept')
      .execute();
    assert.ok(accepted.some((r) => r.target === `terms-of-use:${v2}`));
  });

  it('records provider-rules acceptance for an organisation by its representative', async () => {
    const { hasAcceptedProviderRules } = await import('../terms/terms.repository.js');
    const org = await hub.createOrganisation();
    const other = await hub.createOrganisation();
    const rep = await hub.userAgent({ representativeOf: [org] });
    assert.equal(await hasAcceptedProviderRules(hub.db, org), false);
    const rules = (await (await rep.fetch('/api/v1/terms/current?kind=provider-rules')).json()) as {
      version: number;
    };
    const notMine = await rep.fetch(`/api/v1/organisations/${other}/provider-rules/accept`, {
      method: 'POST',
      json: { version: rules.version },
    });
    assert.equal(notMine.status, 403);
    const ok = await rep.fetch(`/api/v1/organisations/${org}/provider-rules/accept`, {
      method: 'POST',
      json: { version: rules.version },
    });
    assert.equal(ok.status, 204);
    assert.equal(await hasAcceptedProviderRules(hub.db, org), true);
    assert.equal(await hasAcceptedProviderRules(hub.db, other), false);
    const status = (await (await rep.fetch(`/api/v1/organisations/${org}/provider-rules`)).json()) as {
      accepted: boolean;
    };
    assert.equal(status.accepted, true);
  });
});

describe('per-minute limit and closed sign-up', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ config: { signInPerMinute: 4 } });
  });
  after(() => hub.close());

  it('answers 429 to the same IP after the per-minute limit of sign-in attempts', async () => {
    for (let i = 0; i < 4; i++) await signIn(hub.anonymous(), 'nobody@example.org', 'whatever');
    const res = await signIn(hub.anonymous(), 'nobody@example.org', 'whatever');
    assert.equal(res.status, 429);
    const body = (await res.json()) as ErrorBody;
    assert.equal(body.error.code, 'RATE_LIMITED');
    assert.ok(res.headers.get('retry-after'));
  });

  it('refuses self sign-up by default (closed outside the demo) and says so on /auth/options', async () => {
    const res = await hub.anonymous().fetch('/api/v1/auth/sign-up', {
      method: 'POST',
      json: { email: 'new@example.org' },
    });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as ErrorBody).error.message, /ask an administrator/);
    const options = await hub.anonymous().fetch('/api/v1/auth/options');
    assert.deepEqual(await options.json(), { signUp: false });
  });
});
