/**
 * A NUL byte (U+0000) anywhere a client sends text is a 400 naming the field, never a 500: the
 * real hub (every feature) with one node behind the relay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRelayWorld, type RelayWorld } from './support/relay-world.js';

describe('NUL bytes in text input', () => {
  let world: RelayWorld;
  let token: string;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${world.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const refused = async (res: Response, field: string) => {
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(body.error.code, 'VALIDATION_FAILED');
    assert.ok(body.error.message.includes(field), `"${body.error.message}" names ${field}`);
    assert.match(body.error.message, /NUL byte/);
  };

  before(async () => {
    world = await startRelayWorld();
    token = (await world.newUser()).token;
  });
  after(() => world.close());

  it('refuses a CONTAINS search text with a NUL byte', async () => {
    const query = {
      operand: 'OR',
      children: [{ key: 'diagnosis', type: 'CONTAINS', system: '', value: 'glio\u0000ma' }],
    };
    await refused(
      await call('/api/v1/searches', { method: 'POST', body: JSON.stringify({ query }) }),
      'body.query.children[0].value',
    );
  });

  it('refuses a catalogue free-text search with a NUL byte', async () => {
    await refused(await call('/api/v1/catalogue/datasets?q=lung%00'), 'query.q');
    const ok = await call('/api/v1/catalogue/datasets?q=lung');
    assert.equal(ok.status, 200);
  });

  it('refuses access-request fields with a NUL byte and writes nothing', async () => {
    const fields = {
      projectTitle: 'Title\u0000',
      projectSummary: 'Summary',
      principalInvestigator: 'PI',
      institution: 'Institute',
      purpose: ['DUO:0000006'],
      ethicsReference: 'REK 1',
      durationDays: 30,
      datasets: [world.entries.a.slug],
    };
    await refused(
      await call('/api/v1/access/requests', { method: 'POST', body: JSON.stringify(fields) }),
      'body.projectTitle',
    );
    const mine = (await (await call('/api/v1/access/requests')).json()) as { requests: unknown[] };
    assert.deepEqual(mine.requests, []);
  });

  it('refuses QIDO values with a NUL byte through the relay, and at the node itself', async () => {
    const user = await world.newUser();
    await world.grant(user.id, world.entries.a.id);
    const res = await world.get(user.token, world.entries.a.slug, '/studies?PatientName=a%00b');
    await refused(res, 'query.PatientName');
    const path = await world.get(user.token, world.entries.a.slug, '/studies/1.2%00/series');
    assert.equal(path.status, 400);
    const fine = await world.get(user.token, world.entries.a.slug, '/studies?PatientName=a*');
    assert.equal(fine.status, 200);
  });
});
