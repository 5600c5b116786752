/** A download through the relay is one audit record with its counts, not one row per request. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAudit } from '../../src/audit/audit.repository.js';
import { flushCoalesced } from '../../src/audit/coalesce.js';
import { startRelayWorld, type RelayWorld } from '../support/relay-world.js';

type Json = Record<string, { Value?: string[] }>;
const uid = (o: Json | undefined, tag: string) => String(o?.[tag]?.Value?.[0] ?? '');

describe('relay downloads in the audit log', () => {
  let w: RelayWorld;
  before(async () => {
    w = await startRelayWorld();
  });
  after(() => w.close());

  it('writes one dicomweb.download record per user and dataset with counts by kind', async () => {
    const user = await w.newUser();
    await w.grant(user.id, w.entries.a.id);
    const slug = w.entries.a.slug;
    const study = w.studies.a[0] ?? '';
    const series = (await (await w.get(user.token, slug, `/studies/${study}/series`)).json()) as Json[];
    const seriesUid = uid(series[0], '0020000E');
    const list = (await (
      await w.get(user.token, slug, `/studies/${study}/series/${seriesUid}/instances`)
    ).json()) as Json[];
    assert.ok(list.length >= 2);
    for (const i of list) {
      const res = await w.get(
        user.token,
        slug,
        `/studies/${study}/series/${seriesUid}/instances/${uid(i, '00080018')}`,
      );
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    await (await w.get(user.token, slug, `/studies/${study}/metadata`)).arrayBuffer();
    await flushCoalesced(w.hub.db, { all: true });
    const { records } = await listAudit(w.hub.db, {
      actor: `user:${user.id}`,
      action: 'dicomweb.',
      limit: 100,
    });
    assert.equal(records.length, 1, JSON.stringify(records.map((r) => r.action)));
    assert.equal(records[0]?.action, 'dicomweb.download');
    assert.equal(records[0]?.target, `dataset:${slug}`);
    assert.deepEqual(records[0]?.details.counts, {
      searches: 2,
      instances: list.length,
      metadata: 1,
    });
  });
});
