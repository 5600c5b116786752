/**
 * Federated processing at the hub (docs/jobs.md): the tool registry (`/api/v1/tools`), jobs
 * (`/api/v1/jobs`) with their live status, and the node airlock's review queue. At start-up the
 * built-in tools are registered and approved, and sites a previous process left running are failed.
 */
import type { HubPlugin } from '../app.js';
import { registerAirlockRoutes } from './airlock.routes.js';
import { JobEvents } from './job-dispatch.js';
import { failInterruptedSites } from './job.repository.js';
import { registerJobRoutes } from './job.routes.js';
import type { JobsDeps } from './job.service.js';
import { registerToolRoutes } from './tool.routes.js';
import { seedBuiltinTools } from './tool.service.js';

export const jobsFeature: HubPlugin = {
  name: 'jobs',
  async register(app, ctx) {
    await seedBuiltinTools(ctx.db);
    await failInterruptedSites(ctx.db);
    const deps: JobsDeps = { db: ctx.db, logger: ctx.logger, tunnel: ctx.tunnel, events: new JobEvents() };
    registerToolRoutes(app, deps);
    registerAirlockRoutes(app, deps);
    registerJobRoutes(app, deps);
  },
};
