/**
 * Restarts never leave a job running forever: a node that restarts marks the runs it had in
 * progress failed, and a hub that restarts marks the sites it was waiting for failed, while
 * finished results stay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failInterruptedSites } from '../../src/hub/jobs/job.repository.js';
import { failInterruptedRuns } from '../../src/node/jobs/job-run.repository.js';
import type { JobView } from '../../src/hub/jobs/job.service.js';
import { startJobsWorld, type JobsWorld } from './jobs-world.js';

describe('jobs across restarts', () => {
  let w: JobsWorld;
  before(async () => {
    w = await startJobsWorld();
  });
  after(async () => {
    await w.close();
  });

  it('a node restart marks its interrupted runs failed', async () => {
    const run = await w.node.db
      .insertInto('job_run')
      .values({
        hub_job: 99,
        jti: 'interrupted',
        user_id: 1,
        tool: 'dataset-qc',
        tool_version: '1.0.0',
        digest: 'x',
        datasets: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // What registerJobTasks does first on every node start.
    assert.equal(await failInterruptedRuns(w.node.db), 1);
    const row = await w.node.db
      .selectFrom('job_run')
      .select(['status', 'reason'])
      .where('id', '=', run.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'failed', reason: 'the node restarted during the run' });
  });

  it('a hub restart fails the sites it waited for and keeps finished results', async () => {
    w.privacy.threshold = 1;
    const u = await w.newUser();
    await w.grant(u.id, w.entries.a.id);
    const finished = await w.runJob(u.token, { tool: 'dataset-qc', datasets: [w.entries.a.slug] });
    w.privacy.threshold = 10;
    // A job whose site the previous process left running.
    const job = await w.hub.db
      .insertInto('job')
      .values({
        user_id: u.id,
        tool_version_id: (await w.hub.db.selectFrom('tool_version').select('id').executeTakeFirstOrThrow())
          .id,
        params: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const org = await w.hub.db
      .selectFrom('organisation')
      .select('id')
      .where('slug', '=', 'relay-site')
      .executeTakeFirstOrThrow();
    await w.hub.db
      .insertInto('job_site')
      .values({ job_id: job.id, organisation_id: org.id, datasets: '[]', status: 'running' })
      .execute();
    await failInterruptedSites(w.hub.db);
    const stuck = (await (await w.api(u.token, 'GET', `/jobs/${job.id}`)).json()) as JobView;
    assert.equal(stuck.status, 'done');
    assert.equal(stuck.sites[0]?.status, 'failed');
    assert.match(stuck.sites[0]?.reason ?? '', /hub restarted/);
    const kept = (await (await w.api(u.token, 'GET', `/jobs/${finished.id}`)).json()) as JobView;
    assert.equal(kept.sites[0]?.status, 'released');
    assert.ok(kept.pooled);
  });
});
