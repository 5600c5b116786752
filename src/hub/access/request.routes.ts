/** Routes of access requests: drafts, steps, decisions and inboxes (thin: validate → service). */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { HubApp } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { errorBody } from '../http/schemas.js';
import {
  createRequestBody,
  datasetParams,
  decisionBody,
  declineBody,
  informationBody,
  requestDetail,
  requestList,
  requestParams,
  transitionBody,
  updateRequestBody,
} from './access.schema.js';
import type { AccessDeps, Caller } from './access.deps.js';
import { decideDataset, provideInformation } from './decision.service.js';
import {
  committeeInbox,
  createDraft,
  declineRequest,
  getRequest,
  myRequests,
  representativeInbox,
  startReview,
  submitRequest,
  updateDraft,
  withdrawRequest,
} from './request.service.js';

const tags = ['access'];
const refusals = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

export const callerOf = (request: FastifyRequest): Caller => ({ user: requireUser(request), ip: request.ip });

export function registerRequestRoutes(app: HubApp, deps: AccessDeps): void {
  app.post(
    '/access/requests',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Start an access request (a DRAFT); warns when the purpose does not fit a dataset',
        body: createRequestBody,
        response: { 201: requestDetail, ...refusals },
      },
    },
    async (request, reply) => reply.code(201).send(await createDraft(deps, callerOf(request), request.body)),
  );

  app.get(
    '/access/requests',
    {
      config: { access: access.user },
      schema: { tags, summary: 'Your own access requests', response: { 200: requestList } },
    },
    async (request) => ({ requests: await myRequests(deps, callerOf(request)) }),
  );

  app.get(
    '/access/requests/:id',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'One access request with its timeline (its participants only)',
        params: requestParams,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request) => getRequest(deps, callerOf(request), request.params.id),
  );

  app.patch(
    '/access/requests/:id',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Edit a DRAFT (its requester)',
        params: requestParams,
        body: updateRequestBody,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request) => updateDraft(deps, callerOf(request), request.params.id, request.body),
  );

  const step = (
    path: string,
    rule: (typeof access)['user' | 'committee'],
    summary: string,
    run: (caller: Caller, id: number, comment: string | undefined) => Promise<z.infer<typeof requestDetail>>,
  ) =>
    app.post(
      `/access/requests/:id/${path}`,
      {
        config: { access: rule },
        schema: {
          tags,
          summary,
          params: requestParams,
          body: transitionBody,
          response: { 200: requestDetail, ...refusals },
        },
      },
      async (request) => run(callerOf(request), request.params.id, request.body.comment),
    );
  step('submit', access.user, 'Submit a DRAFT to the access committee', (c, id, note) =>
    submitRequest(deps, c, id, note),
  );
  step('withdraw', access.user, 'Withdraw the request (its requester)', (c, id, note) =>
    withdrawRequest(deps, c, id, note),
  );
  step('review', access.committee, 'Administrative check passed: SUBMITTED → UNDER_REVIEW', (c, id, note) =>
    startReview(deps, c, id, note),
  );

  app.post(
    '/access/requests/:id/decline',
    {
      config: { access: access.committee },
      schema: {
        tags,
        summary: 'Decline a SUBMITTED request (committee), with the reason',
        params: requestParams,
        body: declineBody,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request) => declineRequest(deps, callerOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/access/requests/:id/datasets/:datasetId/decision',
    {
      config: { access: access.representative },
      schema: {
        tags,
        summary: 'Decide on one dataset (representatives of its organisation); approval creates the grant',
        params: datasetParams,
        body: decisionBody,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request) =>
      decideDataset(deps, callerOf(request), request.params.id, request.params.datasetId, request.body),
  );

  app.post(
    '/access/requests/:id/datasets/:datasetId/information',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Answer a request for information (requester): the dataset is PENDING again',
        params: datasetParams,
        body: informationBody,
        response: { 200: requestDetail, ...refusals },
      },
    },
    async (request) =>
      provideInformation(
        deps,
        callerOf(request),
        request.params.id,
        request.params.datasetId,
        request.body.text,
      ),
  );

  app.get(
    '/access/committee/requests',
    {
      config: { access: access.committee },
      schema: {
        tags,
        summary: 'Committee inbox: SUBMITTED and UNDER_REVIEW requests',
        response: { 200: requestList },
      },
    },
    async (request) => ({ requests: await committeeInbox(deps, callerOf(request)) }),
  );

  app.get(
    '/access/representative/requests',
    {
      config: { access: access.representative },
      schema: {
        tags,
        summary: "Representative inbox: requests for your organisations' datasets",
        response: { 200: requestList },
      },
    },
    async (request) => ({ requests: await representativeInbox(deps, callerOf(request)) }),
  );
}
