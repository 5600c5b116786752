/**
 * Accounts that resist abuse, over real HTTP: sign-up does not tell whether an address has an
 * account, invitations make accounts when sign-up is closed, and wrong passwords slow the
 * attacker (per address and per e-mail, growing delays) without locking the owner out.
 * Client addresses come from X-Forwarded-For (the hub trusts its proxy here).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestHub, type Agent, type TestHub } from '../../../test/support/hub.js';
import { linkTokenSentTo, mailsTo } from '../../../test/support/mail.js';
import { delaySeconds } from './signin-throttle.js';

const signIn = (hub: TestHub, address: string, email: string, password: string) =>
  hub.anonymous().fetch('/api/v1/auth/sign-in', {
    method: 'POST',
    headers: { 'x-forwarded-for': address },
    json: { email, password },
  });

describe('sign-up without enumeration', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ config: { allowSignup: true, signInPerMinute: 1000 } });
  });
  after(() => hub.close());

  it('answers the same for a new and a taken address; the owner is told by e-mail, no second account', async () => {
    const owner = await hub.createUser({ email: 'owner@example.org', password: 'the owner password' });
    const ask = async (email: string) => {
      const res = await hub.anonymous().fetch('/api/v1/auth/sign-up', { method: 'POST', json: { email } });
      return { status: res.status, body: JSON.stringify(await res.json()).replace(email, '<email>') };
    };
    const taken = await ask(owner.email);
    const fresh = await ask('fresh@example.org');
    assert.deepEqual(taken, fresh);
    assert.equal(taken.status, 202);
    const toOwner = await mailsTo(hub, owner.email);
    assert.equal(toOwner.length, 1);
    assert.match(toOwner[0] ?? '', /has one already/);
    assert.doesNotMatch(toOwner[0] ?? '', /token=/);
    const token = await linkTokenSentTo(hub, 'fresh@example.org');
    const view = await hub.anonymous().fetch('/api/v1/auth/invitation', { method: 'POST', json: { token } });
    assert.equal(((await view.json()) as { email: string }).email, 'fresh@example.org');
    const agent = hub.anonymous();
    const made = await agent.fetch('/api/v1/auth/invitation/accept', {
      method: 'POST',
      json: { token, displayName: 'Fresh', password: 'a long new password' },
    });
    assert.equal(made.status, 201);
    assert.equal((await agent.fetch('/api/v1/me')).status, 200);
    const reused = await hub.anonymous().fetch('/api/v1/auth/invitation/accept', {
      method: 'POST',
      json: { token, displayName: 'Again', password: 'a long new password' },
    });
    assert.equal(reused.status, 404, 'a link makes one account');
  });
});

describe('invitations when sign-up is closed', () => {
  let hub: TestHub;
  let admin: Agent;
  before(async () => {
    hub = await startTestHub();
    admin = await hub.userAgent({ roles: ['admin'] });
  });
  after(() => hub.close());

  it('an admin invites with roles; the invitee sets a password and has them; others may not invite', async () => {
    const res = await admin.fetch('/api/v1/admin/invitations', {
      method: 'POST',
      json: { email: 'Committee@Example.org', roles: ['committee'] },
    });
    assert.equal(res.status, 201);
    const { link } = (await res.json()) as { link: string };
    const token = await linkTokenSentTo(hub, 'committee@example.org');
    assert.ok(link.endsWith(token), 'the admin sees the link that was e-mailed');
    const invitee = hub.anonymous();
    const made = await invitee.fetch('/api/v1/auth/invitation/accept', {
      method: 'POST',
      json: { token, displayName: 'Cora', password: 'committee password', acceptTermsVersion: 1 },
    });
    assert.equal(made.status, 201);
    const me = (await (await invitee.fetch('/api/v1/me')).json()) as { roles: string[] };
    assert.deepEqual(me.roles.sort(), ['committee', 'researcher']);
    const researcher = await hub.userAgent();
    const refused = await researcher.fetch('/api/v1/admin/invitations', {
      method: 'POST',
      json: { email: 'x@example.org' },
    });
    assert.equal(refused.status, 403);
    const anonymous = await hub.anonymous().fetch('/api/v1/admin/invitations', {
      method: 'POST',
      json: { email: 'x@example.org' },
    });
    assert.equal(anonymous.status, 401);
  });
});

describe('sign-in throttling', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({
      config: {
        trustProxy: true,
        signInPerMinute: 1000,
        signInFreeFailures: 2,
        signInAccountMaxDelaySeconds: 2,
        signInAddressMaxDelaySeconds: 600,
      },
    });
  });
  after(() => hub.close());

  it('grows delays: free failures first, then 1 s, 2 s, 4 s … up to the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 40].map((n) => delaySeconds(n, 2, 30)),
      [0, 0, 1, 2, 4, 8, 30],
    );
  });

  it('slows an attacker from one address, never locks the owner out (new address after a short wait, known address at once)', async () => {
    const owner = await hub.createUser({ password: 'the owner password' });
    // The owner signed in once from home.
    assert.equal((await signIn(hub, '10.0.0.1', owner.email, 'the owner password')).status, 200);

    // An attacker guesses from one address: two free failures, then 429 with Retry-After.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await signIn(hub, '10.6.6.6', owner.email, `guess ${i}`);
      statuses.push(res.status);
      if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) >= 1);
      await sleep(i === 2 ? 1100 : 0);
    }
    assert.deepEqual(statuses.slice(0, 3), [401, 401, 401]);
    assert.ok(statuses.slice(3).includes(429), `throttled: ${statuses.join(',')}`);
    // The same address is slowed for any other e-mail too, known account or not.
    assert.equal((await signIn(hub, '10.6.6.6', 'someone-else@example.org', 'x')).status, 429);

    // The owner at home (a known address) is not held by the account's delay.
    assert.equal((await signIn(hub, '10.0.0.1', owner.email, 'the owner password')).status, 200);

    // More guesses from many addresses: the account's delay grows but stays under its cap, so the
    // owner on a new address waits at most that and then gets in.
    for (let i = 0; i < 5; i++) await signIn(hub, `10.7.0.${i}`, owner.email, `spread ${i}`);
    const travel = await signIn(hub, '10.9.9.9', owner.email, 'the owner password');
    if (travel.status === 429) {
      const wait = Number(travel.headers.get('retry-after'));
      assert.ok(wait >= 1 && wait <= 2, `waits at most the account cap (${wait} s)`);
      await sleep(wait * 1000 + 50);
      assert.equal((await signIn(hub, '10.9.9.9', owner.email, 'the owner password')).status, 200);
    } else {
      assert.equal(travel.status, 200);
    }
  });

  it('answers an unknown e-mail like a wrong password, throttled the same', async () => {
    const known = await hub.createUser({ password: 'a known password' });
    const run = async (email: string, address: string) => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push((await signIn(hub, address, email, 'wrong')).status);
      return out;
    };
    assert.deepEqual(await run(known.email, '10.1.0.1'), await run('nobody-here@example.org', '10.1.0.2'));
  });
});
