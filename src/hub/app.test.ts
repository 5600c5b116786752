import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type TestHub } from '../../test/support/hub.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

describe('hub HTTP app', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startTestHub({ config: { bodyLimit: 4096 } });
  });
  after(() => hub.close());

  it('answers liveness and readiness, with security headers and a request id', async () => {
    const live = await fetch(`${hub.url}/healthz`);
    assert.deepEqual(await live.json(), { status: 'ok' });
    const ready = await fetch(`${hub.url}/readyz`);
    assert.deepEqual(await ready.json(), { status: 'ready' });
    const csp = live.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(live.headers.get('x-content-type-options'), 'nosniff');
    assert.match(live.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(live.headers.get('x-request-id'), ready.headers.get('x-request-id'));
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await fetch(`${hub.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.org', password: 'x'.repeat(5000) }),
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as ErrorBody).error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('reports invalid input as VALIDATION_FAILED naming the field', async () => {
    const res = await fetch(`${hub.url}/api/v1/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not an address', displayName: 'X', password: 'long enough password' }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as ErrorBody;
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.match(body.error.message, /email/);
    const bad = await fetch(`${hub.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as ErrorBody).error.code, 'BAD_REQUEST');
  });

  it('answers unknown routes with NOT_FOUND in the same shape', async () => {
    const res = await fetch(`${hub.url}/api/v1/nothing-here?x=1`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), {
      error: { code: 'NOT_FOUND', message: 'no route GET /api/v1/nothing-here' },
    });
  });

  it('serves an OpenAPI 3 document of every API route, with its access rule, and the docs page', async () => {
    const doc = (await (await fetch(`${hub.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { description?: string; requestBody?: unknown }>>;
    };
    assert.match(doc.openapi, /^3\./);
    const apiRoutes = hub.app.hubRoutes.filter(
      (r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD' && !r.url.endsWith('openapi.json'),
    );
    for (const r of apiRoutes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      assert.ok(op, `${r.method} ${path} is in the document`);
      assert.match(op.description ?? '', /Access: /);
    }
    assert.ok(
      doc.paths['/api/v1/auth/sign-in']?.post?.requestBody,
      'request bodies come from the zod schemas',
    );
    const page = await fetch(`${hub.url}/api/docs/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /swagger/i);
  });

  it('lets an admin manage accounts, roles, organisations and representatives, and audits it', async () => {
    const admin = await hub.userAgent({ roles: ['admin'] });
    const created = await admin.fetch('/api/v1/admin/users', {
      method: 'POST',
      json: {
        email: 'eva@hospital.example',
        displayName: 'Eva',
        password: 'a long password',
        roles: ['committee'],
      },
    });
    assert.equal(created.status, 201);
    const eva = (await created.json()) as { id: number; roles: string[] };
    assert.deepEqual(eva.roles, ['committee', 'researcher']);
    const roles = await admin.fetch(`/api/v1/admin/users/${eva.id}/roles`, {
      method: 'PUT',
      json: { roles: ['admin'] },
    });
    assert.deepEqual(((await roles.json()) as { roles: string[] }).roles, ['admin', 'researcher']);
    const org = await admin.fetch('/api/v1/admin/organisations', {
      method: 'POST',
      json: { slug: 'oslo-uh', name: 'Oslo University Hospital', country: 'NO' },
    });
    assert.equal(org.status, 201);
    const { id: orgId } = (await org.json()) as { id: number };
    const dup = await admin.fetch('/api/v1/admin/organisations', {
      method: 'POST',
      json: { slug: 'oslo-uh', name: 'Again', country: 'NO' },
    });
    assert.equal(dup.status, 409);
    assert.equal(
      (
        await admin.fetch(`/api/v1/admin/organisations/${orgId}/representatives`, {
          method: 'POST',
          json: { userId: eva.id },
        })
      ).status,
      204,
    );
    const reps = (await (
      await admin.fetch(`/api/v1/admin/organisations/${orgId}/representatives`)
    ).json()) as { email: string }[];
    assert.deepEqual(
      reps.map((r) => r.email),
      ['eva@hospital.example'],
    );
    const listed = (await (await admin.fetch('/api/v1/admin/users?q=hospital')).json()) as {
      id: number;
      representativeOf: number[];
    }[];
    assert.deepEqual(
      listed.map((u) => [u.id, u.representativeOf]),
      [[eva.id, [orgId]]],
    );
    assert.equal(
      (
        await admin.fetch(`/api/v1/admin/organisations/${orgId}/representatives/${eva.id}`, {
          method: 'DELETE',
        })
      ).status,
      204,
    );

    const audit = (await (
      await admin.fetch('/api/v1/admin/audit?action=organisation.*&limit=10')
    ).json()) as {
      records: { action: string; outcome: string }[];
    };
    assert.deepEqual(
      audit.records.map((r) => r.action),
      ['organisation.representative.remove', 'organisation.representative.add', 'organisation.create'],
    );
    const roleChanges = (await (
      await admin.fetch(`/api/v1/admin/audit?action=user.roles.set&target=user:${eva.id}`)
    ).json()) as {
      records: { details: { roles: string[] } }[];
    };
    assert.deepEqual(
      roleChanges.records.map((r) => r.details.roles),
      [['admin'], ['committee']],
    );
    const verify = (await (await admin.fetch('/api/v1/admin/audit/verify')).json()) as {
      ok: boolean;
      records: number;
    };
    assert.equal(verify.ok, true);
    assert.ok(verify.records >= 5);
  });
});
