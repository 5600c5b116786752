/** Routes of a request's message thread and attachments (participants only). */
import type { HubApp } from '../app.js';
import { access } from '../auth/access.js';
import { errorBody } from '../http/schemas.js';
import {
  attachmentParams,
  attachmentQuery,
  attachmentView,
  messageBody,
  messageList,
  messageView,
  requestParams,
} from './access.schema.js';
import type { AccessDeps } from './access.deps.js';
import { attachmentTypes } from './access.tables.js';
import { callerOf } from './request.routes.js';
import { downloadAttachment, listMessages, postMessage, uploadAttachment } from './thread.service.js';

const tags = ['access'];
const refusals = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

export function registerThreadRoutes(app: HubApp, deps: AccessDeps, maxBytes: number): void {
  // Attachments come as the raw body; the bytes are checked against the declared type later.
  app.addContentTypeParser(
    [...attachmentTypes],
    { parseAs: 'buffer', bodyLimit: maxBytes },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.get(
    '/access/requests/:id/messages',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: "The request's messages",
        params: requestParams,
        response: { 200: messageList, ...refusals },
      },
    },
    async (request) => ({ messages: await listMessages(deps, callerOf(request), request.params.id) }),
  );

  app.post(
    '/access/requests/:id/messages',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Post a message to the thread',
        params: requestParams,
        body: messageBody,
        response: { 201: messageView, ...refusals },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await postMessage(deps, callerOf(request), request.params.id, request.body.text)),
  );

  app.post(
    '/access/requests/:id/attachments',
    {
      config: { access: access.user },
      bodyLimit: maxBytes,
      schema: {
        tags,
        summary: `Attach a file: the raw body with Content-Type ${attachmentTypes.join(', ')} (at most ${maxBytes} bytes); ?filename= names it`,
        params: requestParams,
        querystring: attachmentQuery,
        response: { 201: attachmentView, ...refusals, 413: errorBody, 415: errorBody },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : '');
      const declaredType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      const view = await uploadAttachment(deps, callerOf(request), request.params.id, {
        declaredType,
        fileName: request.query.filename,
        bytes,
      });
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/access/requests/:id/attachments/:attachmentId',
    {
      config: { access: access.user },
      schema: {
        tags,
        summary: 'Download an attachment',
        params: attachmentParams,
      },
    },
    async (request, reply) => {
      const a = await downloadAttachment(
        deps,
        callerOf(request),
        request.params.id,
        request.params.attachmentId,
      );
      return reply
        .header('content-type', a.mediaType)
        .header('content-length', a.sizeBytes)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename="${a.fileName.replaceAll('"', '')}"`)
        .header('digest', `sha-256=${Buffer.from(a.sha256, 'hex').toString('base64')}`)
        .send(Buffer.from(a.content));
    },
  );
}
