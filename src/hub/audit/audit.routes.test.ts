/** The audit page's API: people by name and e-mail, filters a person would type, paging, admins only. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { audit } from '../../audit/audit.js';
import { startTestHub, type Agent, type TestHub } from '../../../test/support/hub.js';

interface Page {
  records: {
    seq: number;
    action: string;
    family: string;
    actor: string;
    actorPerson: { name: string; email: string } | null;
    targetPerson: { name: string; email: string } | null;
  }[];
  nextBefore: number | null;
}

describe('audit log for administrators', () => {
  let hub: TestHub;
  let admin: Agent;
  let researcherId: number;
  let start: Date;
  before(async () => {
    hub = await startTestHub();
    admin = await hub.userAgent({ roles: ['admin'] });
    const researcher = await hub.createUser({ email: 'researcher@demo.cie' });
    researcherId = researcher.id;
    const other = await hub.createUser({ email: 'other@demo.cie' });
    start = new Date();
    await audit(hub.db, { actor: `user:${researcherId}`, action: 'search.start', target: 'search:1' });
    await audit(hub.db, { actor: `user:${researcherId}`, action: 'dicomweb.download', target: 'dataset:a' });
    await audit(hub.db, { actor: `user:${other.id}`, action: 'search.start', target: 'search:2' });
    await audit(hub.db, { actor: 'researcher@demo.cie', action: 'auth.sign-in', outcome: 'failure' });
    await audit(hub.db, {
      actor: `user:${other.id}`,
      action: 'user.roles.set',
      target: `user:${researcherId}`,
    });
  });
  after(() => hub.close());

  const read = async (query: string): Promise<Page> => {
    const res = await admin.fetch(`/api/v1/admin/audit?${query}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Page;
  };

  it('names people, and finds a person by e-mail or name, with their failed sign-ins', async () => {
    const byMail = await read('person=researcher@demo.cie');
    assert.deepEqual(
      byMail.records.map((r) => r.action),
      ['auth.sign-in', 'dicomweb.download', 'search.start'],
    );
    assert.equal(byMail.records[1]?.actorPerson?.email, 'researcher@demo.cie');
    assert.match(byMail.records[1]?.actorPerson?.name ?? '', /Test user/);
    const byName = await read(`person=${encodeURIComponent('Test user')}&family=search`);
    assert.equal(byName.records.length, 2);
    const roles = (await read('family=account')).records.find((r) => r.action === 'user.roles.set');
    assert.equal(roles?.targetPerson?.email, 'researcher@demo.cie');
  });

  it('filters by action family and time, and pages', async () => {
    const searches = await read('family=search');
    assert.deepEqual(new Set(searches.records.map((r) => r.family)), new Set(['search']));
    assert.equal(searches.records.length, 2);
    assert.equal((await read('family=download')).records[0]?.action, 'dicomweb.download');
    const later = new Date(Date.now() + 60_000).toISOString();
    assert.equal((await read(`from=${later}`)).records.length, 0);
    assert.ok((await read(`from=${start.toISOString()}&to=${later}`)).records.length >= 5);
    const first = await read('limit=2');
    assert.equal(first.records.length, 2);
    assert.ok(first.nextBefore);
    const second = await read(`limit=2&before=${first.nextBefore}`);
    assert.ok(second.records.every((r) => r.seq < (first.nextBefore ?? 0)));
    const bad = await admin.fetch('/api/v1/admin/audit?family=nonsense');
    assert.equal(bad.status, 400);
  });

  it('refuses everyone but administrators', async () => {
    const researcher = await hub.userAgent();
    assert.equal((await researcher.fetch('/api/v1/admin/audit')).status, 403);
    const committee = await hub.userAgent({ roles: ['committee'] });
    assert.equal((await committee.fetch('/api/v1/admin/audit?person=researcher')).status, 403);
    assert.equal((await hub.anonymous().fetch('/api/v1/admin/audit')).status, 401);
  });
});
