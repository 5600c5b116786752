/**
 * Federated processing end to end on a real hub and node (real DICOM files, real tunnel): the
 * built-in QC tool runs on exactly the granted series, the gate releases what passes the site's
 * minimum cell count and holds the rest, the hub pools the released metrics; refusals at the hub
 * say why, and the route rules keep out those without the right.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JobView } from '../../src/hub/jobs/job.service.js';
import { startJobsWorld, type JobsWorld } from './jobs-world.js';

describe('jobs end to end', () => {
  let w: JobsWorld;
  before(async () => {
    w = await startJobsWorld();
  });
  after(async () => {
    await w.close();
  });

  it('lists the built-in QC tool as approved to every user', async () => {
    const u = await w.newUser();
    const res = await w.api(u.token, 'GET', '/tools');
    assert.equal(res.status, 200);
    const { tools } = (await res.json()) as { tools: { slug: string; state: string; reviewedBy: string }[] };
    const qc = tools.find((t) => t.slug === 'dataset-qc');
    assert.equal(qc?.state, 'approved');
  });

  it('refuses a job on a dataset without a grant, saying which', async () => {
    const u = await w.newUser();
    const res = await w.api(u.token, 'POST', '/jobs', { tool: 'dataset-qc', datasets: [w.entries.a.slug] });
    assert.equal(res.status, 403);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(
      body.error.message,
      new RegExp(`no grant in force for dataset ${w.entries.a.slug.replace('.', '\\.')}`),
    );
  });

  it('refuses parameters that fail the tool schema', async () => {
    const u = await w.newUser();
    await w.grant(u.id, w.entries.a.id);
    const res = await w.api(u.token, 'POST', '/jobs', {
      tool: 'dataset-qc',
      datasets: [w.entries.a.slug],
      params: { gapFactor: 99 },
    });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /gapFactor/);
  });

  it('runs QC on exactly the granted series and holds small counts for review', async () => {
    w.privacy.threshold = 10;
    const u = await w.newUser();
    await w.grant(u.id, w.entries.a.id);
    const view = await w.runJob(u.token, { tool: 'dataset-qc', datasets: [w.entries.a.slug] });
    const [site] = view.sites;
    assert.equal(site?.status, 'held');
    assert.deepEqual(site.withheld.map((x) => x.name).sort(), ['orientation.csv', 'summary.json']);
    assert.ok(
      site.withheld.some((x) => x.reasons.some((r) => /below the site's minimum cell count of 10/.test(r))),
    );
    assert.deepEqual(site.outputs, []);
    assert.equal(view.pooled, null);
  });

  it('releases outputs that pass and pools them at the hub', async () => {
    w.privacy.threshold = 1;
    try {
      const u = await w.newUser();
      await w.grant(u.id, w.entries.a.id);
      await w.grant(u.id, w.entries.b.id);
      const view: JobView = await w.runJob(u.token, {
        tool: 'dataset-qc',
        datasets: [w.entries.a.slug, w.entries.b.slug],
      });
      const [site] = view.sites;
      assert.equal(site?.status, 'released', JSON.stringify(site));
      const summary = JSON.parse(
        site.outputs.find((o) => o.name === 'summary.json')?.content ?? '{}',
      ) as Record<string, number>;
      // 3 studies of 2 series × 3 instances, one patient each.
      assert.equal(summary.patients, 3);
      assert.equal(summary.series, 6);
      assert.equal(summary.instances, 18);
      assert.equal(view.pooled?.metrics.series, 6);
      assert.equal(view.pooled?.sites, 1);
      const csv = site.outputs.find((o) => o.name === 'orientation.csv')?.content ?? '';
      assert.match(csv, /^orientation,series,instances,largestSeriesInstances\n/);
      assert.match(site.policy ?? '', /trusts the hub's approval/);
    } finally {
      w.privacy.threshold = 10;
    }
  });

  it('keeps registration and review of tools to admins and committee members', async () => {
    const researcher = await w.newUser();
    const spec = {
      slug: 'echo-tool',
      version: '1.0.0',
      runner: { kind: 'container', image: 'localhost/echo', digest: `sha256:${'a'.repeat(64)}` },
      parameters: { type: 'object', properties: {} },
      outputs: [{ name: 'out.json', kind: 'metrics', maxBytes: 1000 }],
      resources: {},
    };
    const body = { name: 'Echo', description: 'Echoes', spec };
    assert.equal((await w.api(researcher.token, 'POST', '/tools', body)).status, 403);
    const committee = await w.userWithRoles(['committee']);
    const created = await w.api(committee.token, 'POST', '/tools', body);
    assert.equal(created.status, 201);
    const { id, state } = (await created.json()) as { id: number; state: string };
    assert.equal(state, 'pending');
    // Pending versions are not in the researcher's catalogue and cannot be run.
    const list = (await (await w.api(researcher.token, 'GET', '/tools')).json()) as {
      tools: { slug: string }[];
    };
    assert.ok(!list.tools.some((t) => t.slug === 'echo-tool'));
    assert.equal(
      (await w.api(researcher.token, 'POST', `/tools/versions/${id}/review`, { decision: 'approve' })).status,
      403,
    );
    const reviewed = await w.api(committee.token, 'POST', `/tools/versions/${id}/review`, {
      decision: 'approve',
    });
    assert.equal(reviewed.status, 200);
    assert.equal(
      (await w.api(committee.token, 'POST', `/tools/versions/${id}/review`, { decision: 'reject' })).status,
      409,
    );
    assert.equal((await w.api(committee.token, 'POST', '/tools', body)).status, 409);
  });

  it('hides a job from everyone but its owner', async () => {
    const owner = await w.newUser();
    await w.grant(owner.id, w.entries.b.id);
    const view = await w.runJob(owner.token, { tool: 'dataset-qc', datasets: [w.entries.b.slug] });
    const other = await w.newUser();
    assert.equal((await w.api(other.token, 'GET', `/jobs/${view.id}`)).status, 404);
    assert.equal((await w.api(other.token, 'GET', `/jobs/${view.id}/events`)).status, 404);
    const mine = (await (await w.api(other.token, 'GET', '/jobs')).json()) as { jobs: unknown[] };
    assert.deepEqual(mine.jobs, []);
  });
});
