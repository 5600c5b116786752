/**
 * The node's airlock: outputs the gate held wait here, at the node, until the site's reviewers
 * decide. The `jobs.airlock` task carries a hub-signed request of one representative: view the
 * content (for them alone), approve release, or reject. An output leaves once the number of
 * different reviewers the site requires (CIE_JOBS_AIRLOCK_APPROVALS) approved it; one rejection
 * keeps it here for good. Every decision is audited at the node.
 */
import { audit } from '../../audit/audit.js';
import { CieError } from '../../errors.js';
import {
  airlockClaims,
  airlockPayload,
  JOB_AIRLOCK_TASK,
  type AirlockAnswer,
} from '../../model/jobs/jobs.js';
import type { TunnelClient } from '../tunnel/tunnel.client.js';
import { verifyHubSigned } from './job-envelope.js';
import { findOutput, settleRun, updateOutput } from './job-run.repository.js';
import type { JobDeps } from './job.task.js';
import { presentOutput } from './released-output.js';

export async function decideAirlock(deps: JobDeps, raw: unknown): Promise<AirlockAnswer> {
  const payload = airlockPayload.safeParse(raw);
  if (!payload.success) throw new CieError('BAD_REQUEST', 'airlock request refused: malformed payload');
  const { userId, claims } = await verifyHubSigned(
    deps.identity,
    payload.data.assertion,
    airlockClaims,
    'airlock request',
  );
  const reviewer = `user:${userId}`;
  const output = await findOutput(deps.db, claims.run, claims.output);
  if (!output)
    throw new CieError(
      'NOT_FOUND',
      `run ${claims.run} has no output ${claims.output} in this node's airlock`,
    );
  const needed = deps.policy.airlockApprovals;
  const answer = (
    state: AirlockAnswer['state'],
    approvals: string[],
    withContent: boolean,
  ): AirlockAnswer => ({
    state,
    approvals,
    needed,
    reasons: output.reasons,
    ...(withContent ? { output: presentOutput(output, state === 'released' ? approvals : []) } : {}),
  });
  if (claims.action === 'view') {
    await audit(deps.db, {
      actor: reviewer,
      action: 'job.airlock.view',
      target: `run:${claims.run}`,
      details: { output: claims.output },
    });
    return answer(output.state, output.approvals, true);
  }
  if (output.state !== 'held') {
    throw new CieError(
      'ILLEGAL_TRANSITION',
      `${claims.output} of run ${claims.run} was ${output.state} already`,
    );
  }
  let state: AirlockAnswer['state'];
  let approvals = output.approvals;
  if (claims.action === 'reject') {
    state = 'rejected';
  } else {
    approvals = [...new Set([...approvals, reviewer])];
    state = approvals.length >= needed ? 'released' : 'held';
  }
  await updateOutput(deps.db, claims.run, claims.output, { state, approvals });
  await settleRun(deps.db, claims.run);
  await audit(deps.db, {
    actor: reviewer,
    action: `job.airlock.${claims.action}`,
    target: `run:${claims.run}`,
    details: { output: claims.output, state, approvals, needed },
  });
  return answer(state, approvals, state === 'released');
}

export function registerAirlockTask(client: TunnelClient, deps: JobDeps): void {
  client.registerTaskHandler(JOB_AIRLOCK_TASK, (payload) => decideAirlock(deps, payload));
}
