/** Routes of the node airlocks' review queue, for the sites' representatives. */
import type { HubApp } from '../app.js';
import { access } from '../auth/access.js';
import { errorBody } from '../http/schemas.js';
import { airlockQueue, decideHeldOutput, viewHeldOutput } from './airlock.service.js';
import type { JobsDeps } from './job.service.js';
import { airlockAnswerView, airlockDecisionBody, airlockParams, airlockQueueView } from './jobs.schema.js';
import { jobsCallerOf } from './tool.routes.js';

const tags = ['jobs'];

export function registerAirlockRoutes(app: HubApp, deps: JobsDeps): void {
  app.get(
    '/jobs/airlock',
    {
      config: { access: access.representative },
      schema: {
        tags,
        summary: "Outputs held in your sites' airlocks for review",
        response: { 200: airlockQueueView },
      },
    },
    async (request) => ({ held: await airlockQueue(deps, jobsCallerOf(request)) }),
  );

  app.get(
    '/jobs/:id/sites/:site/outputs/:output',
    {
      config: { access: access.representative },
      schema: {
        tags,
        summary: "A held output's content, fetched from your site's node for you alone",
        params: airlockParams,
        response: { 200: airlockAnswerView, 404: errorBody, 502: errorBody },
      },
    },
    async (request) =>
      viewHeldOutput(deps, jobsCallerOf(request), {
        job: request.params.id,
        site: request.params.site,
        output: request.params.output,
      }),
  );

  app.post(
    '/jobs/:id/sites/:site/outputs/:output/decision',
    {
      config: { access: access.representative },
      schema: {
        tags,
        summary: 'Release or reject a held output (it leaves once the site has the approvals it requires)',
        params: airlockParams,
        body: airlockDecisionBody,
        response: { 200: airlockAnswerView, 404: errorBody, 409: errorBody, 502: errorBody },
      },
    },
    async (request) =>
      decideHeldOutput(deps, jobsCallerOf(request), {
        job: request.params.id,
        site: request.params.site,
        output: request.params.output,
        decision: request.body.decision,
      }),
  );
}
