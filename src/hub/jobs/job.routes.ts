/** Routes of jobs: run a tool, your jobs, one job, and its live status as Server-Sent Events. */
import type { HubApp } from '../app.js';
import { access } from '../auth/access.js';
import { errorBody, idParam } from '../http/schemas.js';
import { createJob, jobView as viewJob, myJobs, type JobsDeps } from './job.service.js';
import { createJobBody, jobList, jobView } from './jobs.schema.js';
import { jobsCallerOf } from './tool.routes.js';

const tags = ['jobs'];

export function registerJobRoutes(app: HubApp, deps: JobsDeps): void {
  app.post(
    '/jobs',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary:
          'Run an approved tool on datasets you hold grants for; each site runs it where the data lives',
        body: createJobBody,
        response: { 201: jobView, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createJob(deps, jobsCallerOf(request), request.body)),
  );

  app.get(
    '/jobs',
    {
      config: { access: access.user },
      schema: { tags, summary: 'Your jobs, newest first', response: { 200: jobList } },
    },
    async (request) => ({ jobs: await myJobs(deps, jobsCallerOf(request)) }),
  );

  app.get(
    '/jobs/:id',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: "A job: each site's status and released results, and the pooled result",
        params: idParam,
        response: { 200: jobView, 404: errorBody },
      },
    },
    async (request) => viewJob(deps, jobsCallerOf(request), request.params.id),
  );

  /** `job` events (the whole job, at once and on each change), then `done` when no site runs. */
  app.get(
    '/jobs/:id/events',
    {
      config: { access: access.user },
      schema: { tags, summary: 'Live status of a job as Server-Sent Events (job…, done)', params: idParam },
    },
    async (request, reply) => {
      const caller = jobsCallerOf(request);
      const id = request.params.id;
      await viewJob(deps, caller, id); // 404 as JSON before the stream starts
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let sending = Promise.resolve();
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        reply.raw.end();
      };
      const send = () => {
        sending = sending
          .then(async () => {
            if (ended) return;
            const view = await viewJob(deps, caller, id);
            reply.raw.write(`event: job\ndata: ${JSON.stringify(view)}\n\n`);
            if (view.status === 'done') {
              reply.raw.write(`event: done\ndata: {}\n\n`);
              end();
            }
          })
          .catch((err: unknown) => {
            request.log.warn({ err, job: id }, 'job event stream failed');
            end();
          });
      };
      const unsubscribe = deps.events.subscribe(id, send);
      request.raw.once('close', end);
      send();
    },
  );
}
