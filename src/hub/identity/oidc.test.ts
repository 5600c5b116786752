import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type Agent, type TestHub } from '../../../test/support/hub.js';
import { listenTestIdp, signInAtIdp, type TestIdp } from '../../../test/support/oidc.js';
import { oidcProviderSchema } from '../../config/hub-config.js';
import { mapRoles } from './oidc.service.js';

const adminsEntitlement = 'urn:geant:lifescience-ri.eu:group:eucaim:admins#aai.lifescience-ri.eu';
const committeeEntitlement = 'urn:geant:lifescience-ri.eu:group:eucaim:committee#aai.lifescience-ri.eu';

describe('OpenID Connect sign-in against a real provider (oidc-provider)', () => {
  let idp: TestIdp;
  let hub: TestHub;

  before(async () => {
    idp = await listenTestIdp();
    hub = await startTestHub({
      config: {
        oidcProviders: [
          oidcProviderSchema.parse({
            id: 'lsaai',
            name: 'LS Login',
            issuer: idp.issuer,
            clientId: 'cie-hub',
            clientSecret: 'a client secret',
            scopes: ['openid', 'email', 'profile', 'eduperson_entitlement'],
            roleMapping: {
              'urn:geant:lifescience-ri.eu:group:eucaim:admins*': ['admin'],
              [committeeEntitlement]: ['committee'],
            },
            allowInsecure: true,
          }),
        ],
      },
    });
    idp.start({
      clientId: 'cie-hub',
      clientSecret: 'a client secret',
      redirectUri: `${hub.url}/api/v1/auth/oidc/lsaai/callback`,
    });
  });
  after(async () => {
    await hub.close();
    await idp.close();
  });

  /** The whole dance: hub → provider login → consent → hub callback → session. */
  async function signInWithIdp(login: string, browser: Agent = hub.anonymous()) {
    const start = await browser.fetch('/api/v1/auth/oidc/lsaai/start?returnTo=/catalogue');
    assert.equal(start.status, 302);
    const authorize = new URL(start.headers.get('location') ?? '');
    assert.equal(authorize.origin, idp.issuer);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorize.searchParams.get('state') && authorize.searchParams.get('nonce'));
    const pages: string[] = [];
    const callback = await signInAtIdp(authorize.href, login, pages);
    assert.deepEqual(pages, ['login', 'consent'], 'went through the login and consent pages');
    assert.ok(callback.startsWith(`${hub.url}/api/v1/auth/oidc/lsaai/callback?`), callback);
    return { browser, callback, done: await browser.fetch(callback) };
  }

  async function me(browser: Agent) {
    const res = await browser.fetch('/api/v1/me');
    assert.equal(res.status, 200);
    return (await res.json()) as {
      email: string;
      displayName: string;
      roles: string[];
      termsAccepted: boolean;
    };
  }

  it('creates the user at the first sign-in and maps eduperson_entitlement to the admin role', async () => {
    idp.entitlements.set('alice', [adminsEntitlement, 'urn:geant:lifescience-ri.eu:group:other#aai']);
    const { browser, done } = await signInWithIdp('alice');
    assert.equal(done.status, 302);
    assert.equal(done.headers.get('location'), '/catalogue');
    assert.ok(browser.cookies.get('cie_session'));
    const alice = await me(browser);
    assert.equal(alice.email, 'alice@lifescience-ri.example');
    assert.equal(alice.displayName, 'Alice Example');
    assert.deepEqual(alice.roles, ['admin', 'researcher']);
    assert.equal(alice.termsAccepted, false, 'new users still accept the terms');
    const link = await hub.db
      .selectFrom('user_identity')
      .selectAll()
      .where('subject', '=', 'alice')
      .executeTakeFirstOrThrow();
    assert.equal(link.issuer, idp.issuer);
    const signIns = await hub.db
      .selectFrom('audit_log')
      .select(['details', 'outcome'])
      .where('action', '=', 'auth.sign-in')
      .execute();
    assert.ok(
      signIns.some(
        (s) => s.outcome === 'success' && (s.details as { method?: string }).method === 'oidc:lsaai',
      ),
    );
  });

  it('gives plain researchers no extra role, and re-computes roles at every sign-in', async () => {
    idp.entitlements.set('bob', []);
    const first = await signInWithIdp('bob');
    assert.deepEqual((await me(first.browser)).roles, ['researcher']);
    idp.entitlements.set('bob', [committeeEntitlement]);
    const second = await signInWithIdp('bob');
    assert.deepEqual((await me(second.browser)).roles, ['committee', 'researcher']);
    idp.entitlements.set('bob', []);
    const third = await signInWithIdp('bob');
    assert.deepEqual(
      (await me(third.browser)).roles,
      ['researcher'],
      'a withdrawn entitlement removes the role',
    );
    const users = await hub.db
      .selectFrom('hub_user')
      .select('id')
      .where('email', '=', 'bob@lifescience-ri.example')
      .execute();
    assert.equal(users.length, 1, 'the same account each time');
  });

  it('refuses a callback delivered to a browser that did not start the sign-in (state cookie)', async () => {
    idp.entitlements.set('carol', []);
    const victim = hub.anonymous();
    const start = await hub.anonymous().fetch('/api/v1/auth/oidc/lsaai/start');
    const callback = await signInAtIdp(start.headers.get('location') ?? '', 'carol');
    const res = await victim.fetch(callback);
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/sign-in?oidcError=UNAUTHENTICATED');
    assert.equal(victim.cookies.has('cie_session'), false);
  });

  it('refuses to replay a callback', async () => {
    idp.entitlements.set('dave', []);
    const { browser, callback, done } = await signInWithIdp('dave');
    assert.equal(done.status, 302);
    const replay = await browser.fetch(callback);
    assert.equal(replay.status, 302);
    assert.equal(replay.headers.get('location'), '/sign-in?oidcError=UNAUTHENTICATED');
  });

  it('lists the configured providers without secrets', async () => {
    const res = await hub.anonymous().fetch('/api/v1/auth/oidc/providers');
    const text = await res.text();
    assert.deepEqual(JSON.parse(text), [
      { id: 'lsaai', name: 'LS Login', startUrl: '/api/v1/auth/oidc/lsaai/start' },
    ]);
    assert.doesNotMatch(text, /secret/);
  });
});

describe('role mapping', () => {
  const p = oidcProviderSchema.parse({
    id: 'x',
    name: 'X',
    issuer: 'https://idp.example.org',
    clientId: 'c',
    clientSecret: 's',
    roleMapping: { 'urn:g:admins*': ['admin'], 'urn:g:committee': ['committee'] },
  });
  it('matches exact values and prefixes, from a list or a single string', () => {
    assert.deepEqual(mapRoles(p, ['urn:g:admins#aai', 'urn:g:committee']), ['admin', 'committee']);
    assert.deepEqual(mapRoles(p, 'urn:g:committee'), ['committee']);
    assert.deepEqual(mapRoles(p, ['urn:g:committee#x', 'urn:g:admin']), []);
    assert.deepEqual(mapRoles(p, undefined), []);
  });
});
