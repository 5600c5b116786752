/**
 * The relay world (one hub, one node with real DICOM files and two published datasets) with the
 * node running jobs: its release policy and job policy are objects the tests may change between
 * jobs. Helpers run a job through the API and wait for its end.
 */
import { join } from 'node:path';
import type { PrivacyConfig } from '../../src/config/config.js';
import { addRepresentative } from '../../src/hub/organisation/organisation.repository.js';
import { setRoles } from '../../src/hub/identity/user.repository.js';
import type { JobView } from '../../src/hub/jobs/job.service.js';
import type { JobPolicy } from '../../src/node/jobs/job-checks.js';
import { registerJobTasks, type JobDeps } from '../../src/node/jobs/job.task.js';
import { startRelayWorld, type RelayWorld } from '../support/relay-world.js';
import { quietLogger, waitFor } from '../support/tunnel-hub.js';

export interface JobsWorld extends RelayWorld {
  privacy: PrivacyConfig;
  policy: JobPolicy;
  jobDeps: () => JobDeps;
  /** A user with these hub roles (e.g. committee) and an API token. */
  userWithRoles(roles: ('admin' | 'committee')[]): Promise<{ id: number; token: string }>;
  /** A representative of the node's organisation, with an API token. */
  representative(): Promise<{ id: number; token: string }>;
  api(token: string, method: string, path: string, body?: unknown): Promise<Response>;
  /** POST /jobs and wait until no site runs; returns the final view. */
  runJob(token: string, body: unknown): Promise<JobView>;
}

export async function startJobsWorld(): Promise<JobsWorld> {
  const privacy: PrivacyConfig = { threshold: 10, roundTo: 1 };
  const policy: JobPolicy = { trustHubApproval: true, airlockApprovals: 2 };
  let jobDeps: JobDeps | undefined;
  const world = await startRelayWorld({
    beforeStart: async ({ client, identity, db, dir }) => {
      jobDeps = { db, identity, logger: quietLogger, workDir: join(dir, 'jobs'), privacy, policy };
      await registerJobTasks(client, jobDeps);
    },
  });
  const api = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${world.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    ...world,
    privacy,
    policy,
    jobDeps: () => {
      if (!jobDeps) throw new Error('the node has no job deps');
      return jobDeps;
    },
    userWithRoles: async (roles) => {
      const u = await world.newUser();
      await setRoles(world.hub.db, u.id, 'local', roles);
      return u;
    },
    representative: async () => {
      const u = await world.newUser();
      const entry = await world.hub.db
        .selectFrom('catalogue_entry')
        .select('organisation_id')
        .where('id', '=', world.entries.a.id)
        .executeTakeFirstOrThrow();
      await addRepresentative(world.hub.db, Number(entry.organisation_id), u.id);
      return u;
    },
    api,
    runJob: async (token, body) => {
      const res = await api(token, 'POST', '/jobs', body);
      if (res.status !== 201) throw new Error(`POST /jobs answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as JobView;
      let view: JobView | undefined;
      await waitFor(
        `job ${id} done`,
        async () => {
          view = (await (await api(token, 'GET', `/jobs/${id}`)).json()) as JobView;
          return view.status === 'done';
        },
        30_000,
      );
      if (!view) throw new Error('no job view');
      return view;
    },
  };
}
