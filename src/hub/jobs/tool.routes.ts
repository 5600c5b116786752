/** Routes of the tool registry: the catalogue of approved tools, registration and review. */
import type { FastifyRequest } from 'fastify';
import type { HubApp } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { errorBody, idParam } from '../http/schemas.js';
import { registerToolBody, reviewToolBody, toolList, toolVersionView } from './jobs.schema.js';
import type { ToolVersionRecord } from './tool.repository.js';
import { listTools, registerToolVersion, reviewTool, type JobsCaller } from './tool.service.js';
import type { JobsDeps } from './job.service.js';

const tags = ['jobs'];

export const jobsCallerOf = (request: FastifyRequest): JobsCaller => ({
  user: requireUser(request),
  ip: request.ip,
});

export function presentTool(t: ToolVersionRecord) {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    description: t.description,
    version: t.version,
    spec: t.spec,
    state: t.state,
    submittedBy: t.submittedBy,
    reviewedBy: t.reviewedBy,
    reviewedAt: t.reviewedAt?.toISOString() ?? null,
    reviewNote: t.reviewNote,
  };
}

export function registerToolRoutes(app: HubApp, deps: JobsDeps): void {
  app.get(
    '/tools',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Tools you can run (approved versions); reviewers also see pending and rejected ones',
        response: { 200: toolList },
      },
    },
    async (request) => ({ tools: (await listTools(deps.db, jobsCallerOf(request))).map(presentTool) }),
  );

  app.post(
    '/tools',
    {
      config: { access: access.committee },
      schema: {
        tags,
        summary: 'Register a tool version (a built-in id or an OCI image pinned by digest), pending review',
        body: registerToolBody,
        response: { 201: toolVersionView, 400: errorBody, 403: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const created = await registerToolVersion(deps.db, jobsCallerOf(request), request.body);
      return reply.code(201).send(presentTool(created));
    },
  );

  app.post(
    '/tools/versions/:id/review',
    {
      config: { access: access.committee },
      schema: {
        tags,
        summary: 'Approve or reject a pending tool version (admins and committee members)',
        params: idParam,
        body: reviewToolBody,
        response: { 200: toolVersionView, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) =>
      presentTool(
        await reviewTool(deps.db, jobsCallerOf(request), { id: request.params.id, ...request.body }),
      ),
  );
}
