/**
 * The node checks a job itself, whatever the hub says: a forged signature, an expired grant, an
 * unpublished dataset, a tool version it does not run, a version its own policy has not approved,
 * parameters outside the schema and a replayed envelope are each refused with the reason, and
 * audited at the node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair } from 'jose';
import { signJobEnvelope } from '../../src/hub/jobs/job-envelope.js';
import { datasetQcTool } from '../../src/model/jobs/builtin-tools.js';
import type { JobClaims } from '../../src/model/jobs/jobs.js';
import { approveToolAtNode, toolDigest } from '../../src/node/jobs/job-checks.js';
import { runJob } from '../../src/node/jobs/job.task.js';
import { startJobsWorld, type JobsWorld } from './jobs-world.js';

const day = 86_400_000;

describe('node checks of a job', () => {
  let w: JobsWorld;
  before(async () => {
    w = await startJobsWorld();
  });
  after(async () => {
    await w.close();
  });

  const claims = (over: Partial<JobClaims> = {}): JobClaims => ({
    job: 1,
    tool: datasetQcTool.spec,
    approval: { by: 'user:1', at: new Date().toISOString() },
    params: {},
    datasets: [
      {
        identifier: 'relay-a',
        grant: 1,
        grantStartsAt: new Date(Date.now() - day).toISOString(),
        grantEndsAt: new Date(Date.now() + day).toISOString(),
        purpose: ['DUO:0000006'],
      },
    ],
    ...over,
  });
  const envelope = (c: JobClaims) => signJobEnvelope(w.tunnel.hubKeys, w.identity.nodeId, 7, c);
  const signal = new AbortController().signal;
  const refused = async (payload: unknown, reason: RegExp) => {
    await assert.rejects(runJob(w.jobDeps(), payload, { signal }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'FORBIDDEN', err.message);
      assert.match(err.message, reason);
      return true;
    });
  };

  it('runs a well-formed job', async () => {
    w.privacy.threshold = 1;
    try {
      const outcome = await runJob(w.jobDeps(), { envelope: await envelope(claims()) }, { signal });
      assert.equal(outcome.status, 'released');
    } finally {
      w.privacy.threshold = 10;
    }
  });

  it('refuses a forged signature', async () => {
    const { privateKey } = await generateKeyPair('Ed25519');
    const forged = await signJobEnvelope({ ...w.tunnel.hubKeys, privateKey }, w.identity.nodeId, 7, claims());
    await refused({ envelope: forged }, /bad signature/);
  });

  it('refuses an envelope made for another node', async () => {
    await refused(
      { envelope: await signJobEnvelope(w.tunnel.hubKeys, w.identity.nodeId + 1, 7, claims()) },
      /claim aud/,
    );
  });

  it('refuses an expired grant', async () => {
    const [d] = claims().datasets;
    assert.ok(d);
    const c = claims({ datasets: [{ ...d, grantEndsAt: new Date(Date.now() - 1000).toISOString() }] });
    await refused({ envelope: await envelope(c) }, /grant 1 on relay-a has expired/);
  });

  it('refuses a dataset not published on this node', async () => {
    const [d] = claims().datasets;
    assert.ok(d);
    await refused(
      { envelope: await envelope(claims({ datasets: [{ ...d, identifier: 'nowhere' }] })) },
      /dataset nowhere is not published/,
    );
  });

  it('refuses a tool version or digest it does not run', async () => {
    const spec = datasetQcTool.spec;
    await refused(
      { envelope: await envelope(claims({ tool: { ...spec, version: '9.9.9' } })) },
      /no built-in tool dataset-qc at version 9\.9\.9/,
    );
    const container = {
      ...spec,
      runner: { kind: 'container' as const, image: 'x', digest: `sha256:${'b'.repeat(64)}` },
    };
    await refused({ envelope: await envelope(claims({ tool: container })) }, /needs a container runtime/);
  });

  it('refuses parameters outside the schema, even when the hub let them through', async () => {
    await refused(
      { envelope: await envelope(claims({ params: { gapFactor: 'wide' } })) },
      /parameter gapFactor/,
    );
  });

  it('under its own policy, runs only tool versions the node approved', async () => {
    w.policy.trustHubApproval = false;
    try {
      await refused({ envelope: await envelope(claims()) }, /this node has not approved dataset-qc 1\.0\.0/);
      const spec = datasetQcTool.spec;
      await approveToolAtNode(w.node.db, {
        tool: spec.slug,
        version: spec.version,
        digest: toolDigest(spec),
        by: 'rep@site',
      });
      const outcome = await runJob(w.jobDeps(), { envelope: await envelope(claims()) }, { signal });
      assert.match(outcome.policy, /approved at this node by rep@site/);
    } finally {
      w.policy.trustHubApproval = true;
    }
  });

  it('refuses a replayed envelope', async () => {
    const e = await envelope(claims());
    await runJob(w.jobDeps(), { envelope: e }, { signal });
    await refused({ envelope: e }, /replayed/);
  });

  it('audits every refusal at the node', async () => {
    const rows = await w.node.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('action', '=', 'job.refuse')
      .execute();
    assert.ok(rows.length >= 7);
    assert.ok(rows.every((r) => r.outcome === 'denied'));
  });
});
