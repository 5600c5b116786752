/**
 * The node's airlock through the hub: outputs the gate held are listed to the site's
 * representatives only, one of them can look at the content, release needs two different
 * reviewers (the site's setting), a rejection keeps an output at the node for good, and the
 * researcher then sees the released output in the job. Each decision is audited at both ends.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JobView } from '../../src/hub/jobs/job.service.js';
import type { AirlockAnswer } from '../../src/model/jobs/jobs.js';
import { startJobsWorld, type JobsWorld } from './jobs-world.js';

describe('airlock review', () => {
  let w: JobsWorld;
  let job: JobView;
  let researcher: { id: number; token: string };
  before(async () => {
    w = await startJobsWorld();
    researcher = await w.newUser();
    await w.grant(researcher.id, w.entries.a.id);
    job = await w.runJob(researcher.token, { tool: 'dataset-qc', datasets: [w.entries.a.slug] });
  });
  after(async () => {
    await w.close();
  });
  const path = (output: string) => `/jobs/${job.id}/sites/${job.sites[0]?.site ?? ''}/outputs/${output}`;

  it("lists held outputs to the site's representatives and no one else", async () => {
    assert.equal(job.sites[0]?.status, 'held');
    const rep = await w.representative();
    const res = await w.api(rep.token, 'GET', '/jobs/airlock');
    assert.equal(res.status, 200);
    const { held } = (await res.json()) as { held: { job: number; output: string }[] };
    assert.deepEqual(
      held
        .filter((h) => h.job === job.id)
        .map((h) => h.output)
        .sort(),
      ['orientation.csv', 'summary.json'],
    );
    assert.equal((await w.api(researcher.token, 'GET', '/jobs/airlock')).status, 403);
    assert.equal((await w.api(researcher.token, 'GET', path('summary.json'))).status, 403);
    assert.equal(
      (await w.api(researcher.token, 'POST', `${path('summary.json')}/decision`, { decision: 'release' }))
        .status,
      403,
    );
  });

  it('shows a representative the held content, with the reasons', async () => {
    const rep = await w.representative();
    const res = await w.api(rep.token, 'GET', path('summary.json'));
    assert.equal(res.status, 200);
    const a = (await res.json()) as AirlockAnswer;
    assert.equal(a.state, 'held');
    assert.equal((JSON.parse(a.output?.content ?? '{}') as { series?: number }).series, 4);
    assert.ok(a.reasons.some((r) => /minimum cell count/.test(r)));
  });

  it('releases after two different reviewers, and the researcher sees it', async () => {
    const [rep1, rep2] = [await w.representative(), await w.representative()];
    const decide = async (token: string, output: string, decision: string) => {
      const res = await w.api(token, 'POST', `${path(output)}/decision`, { decision });
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as AirlockAnswer;
    };
    const first = await decide(rep1.token, 'summary.json', 'release');
    assert.deepEqual([first.state, first.approvals.length, first.needed], ['held', 1, 2]);
    // The same reviewer twice is still one approval.
    assert.equal((await decide(rep1.token, 'summary.json', 'release')).state, 'held');
    const second = await decide(rep2.token, 'summary.json', 'release');
    assert.equal(second.state, 'released');
    const rejected = await decide(rep2.token, 'orientation.csv', 'reject');
    assert.equal(rejected.state, 'rejected');
    const again = await w.api(rep1.token, 'POST', `${path('orientation.csv')}/decision`, {
      decision: 'release',
    });
    assert.equal(again.status, 409);

    const view = (await (await w.api(researcher.token, 'GET', `/jobs/${job.id}`)).json()) as JobView;
    const site = view.sites[0];
    assert.equal(site?.status, 'released');
    const released = site.outputs.find((o) => o.name === 'summary.json');
    assert.deepEqual(released?.releasedBy.sort(), [`user:${rep1.id}`, `user:${rep2.id}`].sort());
    assert.deepEqual(
      site.withheld.map((x) => [x.name, x.state]),
      [['orientation.csv', 'rejected']],
    );
    assert.equal(view.pooled?.metrics.series, 4);

    const nodeAudit = await w.node.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'job.airlock.%')
      .execute();
    assert.ok(nodeAudit.filter((a) => a.action === 'job.airlock.release').length >= 3);
    const hubAudit = await w.hub.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'job.airlock.reject')
      .execute();
    assert.equal(hubAudit.length, 1);
  });
});
