import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Agent, startTestHub, type TestHub } from '../../../test/support/hub.js';
import { buildHubApp, type HubPlugin } from '../app.js';
import { hubFeatures } from '../features.js';
import { hubConfig } from '../../config/hub-config.js';
import { createLogger } from '../../log.js';
import { openTestHubDb } from '../../../test/support/db.js';
import { access, type AccessRule } from './access.js';
import { expectedAccessOf, type AccessName } from './route-access.table.js';

type Persona = 'anonymous' | 'researcher' | 'committee' | 'admin' | 'representative';
const personas: Persona[] = ['anonymous', 'researcher', 'committee', 'admin', 'representative'];

/** Whether a persona passes a rule (what the access hook must decide). */
function allowed(rule: AccessName, persona: Persona): boolean {
  switch (rule) {
    case 'public':
      return true;
    case 'user':
      return persona !== 'anonymous';
    case 'admin':
      return persona === 'admin';
    case 'committee':
      return persona === 'committee' || persona === 'admin';
    case 'representative':
      return persona === 'representative';
    case 'node':
      return false;
  }
}

describe('role matrix: every registered route, every persona', () => {
  let hub: TestHub;
  let orgId: number;
  const agentFor: Record<Persona, () => Promise<Agent>> = {} as Record<Persona, () => Promise<Agent>>;

  before(async () => {
    hub = await startTestHub({ plugins: hubFeatures });
    orgId = await hub.createOrganisation();
    const users = {
      researcher: await hub.createUser(),
      committee: await hub.createUser({ roles: ['committee'] }),
      admin: await hub.createUser({ roles: ['admin'] }),
      representative: await hub.createUser({ representativeOf: [orgId] }),
    };
    agentFor.anonymous = () => Promise.resolve(hub.anonymous());
    for (const p of ['researcher', 'committee', 'admin', 'representative'] as const) {
      // A fresh session per request, so routes such as sign-out do not end the next call's.
      agentFor[p] = async () => {
        const s = await users[p].newSession();
        const agent = hub.anonymous();
        agent.cookies.set('cie_session', s.id);
        agent.cookies.set('cie_csrf', s.csrfToken);
        return agent;
      };
    }
  });
  after(() => hub.close());

  it('has an expectation for every route, equal to the rule the route declares', () => {
    const missing: string[] = [];
    const different: string[] = [];
    for (const r of hub.app.hubRoutes) {
      if (r.method === 'HEAD') continue;
      const name = expectedAccessOf(r.method, r.url);
      if (!name) missing.push(`${r.method} ${r.url} (declares ${JSON.stringify(r.access)})`);
      else if (!sameRule(access[name], r.access))
        different.push(`${r.method} ${r.url}: table ${name}, route ${JSON.stringify(r.access)}`);
    }
    assert.deepEqual(missing, [], 'add these routes to src/hub/auth/route-access.table.ts');
    assert.deepEqual(different, [], 'the route and the table disagree');
  });

  it('lets each persona through exactly the routes its rule allows', async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const r of hub.app.hubRoutes) {
      if (r.method === 'HEAD') continue;
      const name = expectedAccessOf(r.method, r.url);
      if (!name) continue;
      const path = r.url
        .replace(/:(\w+)/g, (_m, p: string) =>
          p === 'id' && r.url.includes('provider-rules') ? String(orgId) : '999999',
        )
        .replace(/\*$/, 'x');
      for (const persona of personas) {
        const agent = await agentFor[persona]();
        const res = await agent.fetch(path, {
          method: r.method,
          ...(r.method === 'GET' ? {} : { json: {} }),
        });
        calls++;
        const body = (await res.json().catch(() => ({}))) as {
          error?: { code?: string; details?: { requiredAccess?: string } };
        };
        const refusedByRule =
          res.status === 401 || (res.status === 403 && body.error?.details?.requiredAccess !== undefined);
        const expectAllowed = allowed(name, persona);
        const what = `${r.method} ${path} as ${persona} → ${res.status} ${body.error?.code ?? ''}`;
        if (res.status >= 500) failures.push(`${what}: server error`);
        else if (expectAllowed && refusedByRule)
          failures.push(`${what}: expected to be let through (${name})`);
        else if (!expectAllowed && !refusedByRule) failures.push(`${what}: expected to be refused (${name})`);
        else if (!expectAllowed) {
          const expected = persona === 'anonymous' ? 401 : 403;
          if (res.status !== expected) failures.push(`${what}: expected ${expected}`);
          if (expected === 403 && body.error?.code !== 'FORBIDDEN')
            failures.push(`${what}: expected FORBIDDEN`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(calls >= 30 * personas.length, `called ${calls} route×persona pairs`);
  });

  it('refuses a node route to users and anonymous callers when no node authenticator is plugged in', async () => {
    const plugin: HubPlugin = {
      name: 'node-probe',
      register(app) {
        app.get('/node-probe', { config: { access: access.node } }, () => ({ ok: true }));
      },
    };
    const h = await startTestHub({ plugins: [plugin] });
    try {
      assert.equal((await h.anonymous().fetch('/api/v1/node-probe')).status, 401);
      const user = await h.userAgent({ roles: ['admin'] });
      assert.equal((await user.fetch('/api/v1/node-probe')).status, 403);
    } finally {
      await h.close();
    }
  });
});

describe('fail closed', () => {
  it('refuses to build an app in which a route declares no access rule', async () => {
    const d = await openTestHubDb('pglite');
    const careless: HubPlugin = {
      name: 'careless',
      register(app) {
        app.get('/oops', () => ({ leaked: true }));
      },
    };
    try {
      await assert.rejects(
        buildHubApp({ db: d.db, config: hubConfig(), logger: createLogger('silent') }, [careless]),
        /route GET \/api\/v1\/oops declares no access rule/,
      );
    } finally {
      await d.close();
    }
  });
});

function sameRule(a: AccessRule, b: AccessRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
