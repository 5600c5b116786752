/**
 * The node's side of federated processing: the `jobs.run` task. It verifies the hub's envelope,
 * checks the job itself (job-checks.ts), lays the granted series out read-only, runs the tool
 * with its deadline, passes what it wrote through the output gate, keeps every output (released
 * or held for review) and answers with what was released. Refusals answer FORBIDDEN with the
 * reason; a tool that fails is a failed run, never a failed node. Everything is audited.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { PrivacyConfig } from '../../config/config.js';
import type { NodeDB } from '../../db/schema.js';
import { CieError, errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import {
  jobClaims,
  jobRunPayload,
  JOB_RUN_TASK,
  type ReleasedOutput,
  type SiteOutcome,
  type WithheldOutput,
} from '../../model/jobs/jobs.js';
import type { NodeIdentity } from '../tunnel/node-identity.repository.js';
import type { TaskContext } from '../tunnel/task-runner.js';
import type { TunnelClient } from '../tunnel/tunnel.client.js';
import { registerAirlockTask } from './airlock.task.js';
import { builtinRunner } from './builtin/builtin.runner.js';
import { checkJob, type JobPolicy } from './job-checks.js';
import { verifyHubSigned } from './job-envelope.js';
import {
  failInterruptedRuns,
  finishRun,
  insertOutputs,
  insertRun,
  type StoredOutput,
} from './job-run.repository.js';
import { gateOutputs } from './output-gate.js';
import { presentOutput } from './released-output.js';
import { layOutRunInput, removeRunDir, type RunManifest } from './run-layout.js';
import type { Runner } from './runner.js';

export interface JobDeps {
  db: Kysely<NodeDB>;
  identity: NodeIdentity;
  logger: Logger;
  /** Where runs get their input and output folders (removed after each run). */
  workDir: string;
  /** The node's release policy: its minimum cell count applies to every output. */
  privacy: PrivacyConfig;
  policy: JobPolicy;
  /** Runners besides the built-in one (container, Slurm), by kind. */
  runners?: readonly Runner[];
}

const MAX_LOG_LINES = 200;

/** Every UID and pseudonym of the run's input: none may appear in an output. */
function identifiersOf(m: RunManifest): Set<string> {
  const ids = new Set<string>();
  for (const p of m.patients) {
    ids.add(p.pseudonym);
    for (const st of p.studies) {
      ids.add(st.uid);
      for (const se of st.series) ids.add(se.uid);
    }
  }
  return ids;
}

export async function runJob(
  deps: JobDeps,
  raw: unknown,
  ctx: Pick<TaskContext, 'signal'>,
): Promise<SiteOutcome> {
  const refuseAudit = async (reason: string, details: Record<string, unknown> = {}) =>
    audit(deps.db, {
      actor: 'hub',
      action: 'job.refuse',
      outcome: 'denied',
      details: { reason, ...details },
    });
  const payload = jobRunPayload.safeParse(raw);
  if (!payload.success) {
    await refuseAudit('malformed payload');
    throw new CieError('BAD_REQUEST', 'job refused: the payload is not a job envelope');
  }
  let verified;
  let checked;
  try {
    verified = await verifyHubSigned(deps.identity, payload.data.envelope, jobClaims, 'job');
    checked = await checkJob(deps.db, deps.policy, verified.claims);
  } catch (err) {
    await refuseAudit(errorMessage(err), verified ? { job: verified.claims.job, user: verified.userId } : {});
    throw err;
  }
  const { claims, userId } = verified;
  const datasets = claims.datasets.map((d) => d.identifier);
  const runId = await insertRun(deps.db, {
    hubJob: claims.job,
    jti: verified.jti,
    userId,
    tool: checked.spec.slug,
    version: checked.spec.version,
    digest: checked.digest,
    datasets,
  });
  if (runId === undefined) {
    await refuseAudit('replayed envelope', { job: claims.job });
    throw new CieError('FORBIDDEN', 'job refused: this envelope was used already (replayed)');
  }
  const actor = `user:${userId}`;
  await audit(deps.db, {
    actor,
    action: 'job.start',
    target: `run:${runId}`,
    details: {
      hubJob: claims.job,
      tool: `${checked.spec.slug}@${checked.spec.version}`,
      digest: checked.digest,
      datasets,
      grants: claims.datasets.map((d) => d.grant),
      purpose: claims.datasets[0]?.purpose,
      params: checked.params,
      policy: checked.policy,
    },
  });
  const log: string[] = [];
  const addLog = (line: string) => {
    log.push(line.slice(0, 1000));
    if (log.length > MAX_LOG_LINES) log.shift();
  };
  const dir = join(deps.workDir, `run-${runId}`);
  const outcome = (status: SiteOutcome['status'], o: Partial<SiteOutcome>): SiteOutcome => ({
    status,
    run: runId,
    outputs: [],
    withheld: [],
    policy: checked.policy,
    log,
    ...o,
  });
  try {
    const started = Date.now();
    const manifest = await layOutRunInput(deps.db, datasets, join(dir, 'input'));
    addLog(
      `laid out ${manifest.instances} instances of ${manifest.patients.length} patients in ${Date.now() - started} ms`,
    );
    const outputDir = join(dir, 'output');
    mkdirSync(outputDir, { recursive: true });
    const runner = [builtinRunner, ...(deps.runners ?? [])].find((r) => r.kind === checked.spec.runner.kind);
    if (!runner) throw new CieError('BAD_REQUEST', `this node has no ${checked.spec.runner.kind} runner`);
    const deadline = AbortSignal.timeout(checked.spec.resources.deadlineS * 1000);
    try {
      await runner.run({
        tool: checked.spec,
        params: checked.params,
        inputDir: join(dir, 'input'),
        manifest,
        outputDir,
        signal: AbortSignal.any([ctx.signal, deadline]),
        log: addLog,
      });
    } catch (err) {
      const reason = deadline.aborted
        ? `the tool ran past its deadline of ${checked.spec.resources.deadlineS} s and was stopped`
        : ctx.signal.aborted
          ? 'the run was cancelled (the hub stopped waiting or the tunnel closed)'
          : `the tool failed: ${errorMessage(err)}`;
      await finishRun(deps.db, runId, 'failed', reason);
      await audit(deps.db, {
        actor,
        action: 'job.fail',
        outcome: 'failure',
        target: `run:${runId}`,
        details: { reason },
      });
      return outcome('failed', { reason });
    }
    const gate = gateOutputs(outputDir, checked.spec.outputs, deps.privacy, identifiersOf(manifest));
    const stored: StoredOutput[] = gate.outputs.map((o) => ({
      runId,
      name: o.declaration.name,
      kind: o.declaration.kind,
      mediaType: o.mediaType,
      content: o.content,
      state: o.verdict === 'pass' ? 'released' : 'held',
      reasons: o.reasons,
      approvals: [],
    }));
    await insertOutputs(deps.db, stored);
    const released: ReleasedOutput[] = stored
      .filter((o) => o.state === 'released')
      .map((o) => presentOutput(o, ['gate']));
    const withheld: WithheldOutput[] = [
      ...stored
        .filter((o) => o.state === 'held')
        .map((o) => ({ name: o.name, state: 'held' as const, reasons: o.reasons })),
      ...gate.refused.map((r) => ({ name: r.name, state: 'refused' as const, reasons: r.reasons })),
    ];
    const status = stored.some((o) => o.state === 'held') ? 'held' : 'released';
    for (const w of withheld) addLog(`${w.name} ${w.state}: ${w.reasons.join('; ')}`);
    await finishRun(deps.db, runId, status, null);
    await audit(deps.db, {
      actor,
      action: 'job.gate',
      target: `run:${runId}`,
      details: {
        released: released.map((o) => o.name),
        withheld: withheld.map((w) => ({ name: w.name, state: w.state, reasons: w.reasons })),
      },
    });
    return outcome(status, { outputs: released, withheld });
  } catch (err) {
    const reason = `the run failed at the node: ${errorMessage(err)}`;
    await finishRun(deps.db, runId, 'failed', reason);
    await audit(deps.db, {
      actor,
      action: 'job.fail',
      outcome: 'failure',
      target: `run:${runId}`,
      details: { reason },
    });
    return outcome('failed', { reason });
  } finally {
    try {
      removeRunDir(dir);
    } catch (err) {
      deps.logger.warn({ err: errorMessage(err), run: runId }, 'could not remove a run folder');
    }
  }
}

/** Add `jobs.run` (and the airlock) to the node's tunnel; runs a previous process left are failed. */
export async function registerJobTasks(client: TunnelClient, deps: JobDeps): Promise<void> {
  const failed = await failInterruptedRuns(deps.db);
  if (failed > 0) deps.logger.warn({ runs: failed }, 'job runs interrupted by a restart marked failed');
  mkdirSync(deps.workDir, { recursive: true });
  client.registerTaskHandler(JOB_RUN_TASK, (payload, ctx) => runJob(deps, payload, ctx));
  registerAirlockTask(client, deps);
}
