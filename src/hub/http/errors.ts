/**
 * One error shape for the whole API: `{ error: { code, message, details } }` with the status of
 * the code. CieErrors pass through; request validation errors become VALIDATION_FAILED with the
 * failing fields; Fastify's own errors (body too large, bad content type, bad JSON) get a code;
 * anything else is a logged INTERNAL error whose message says nothing about the internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { CieError, type ErrorCode } from '../../errors.js';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_TYPE: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/** Map any thrown value to the CieError the client sees. */
export function toCieError(err: unknown): CieError {
  if (err instanceof CieError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      where: err.validationContext ?? 'body',
      path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: v.message ?? 'invalid',
    }));
    const first = issues[0];
    const summary = first
      ? `${first.where}${first.path ? `.${first.path}` : ''}: ${first.message}`
      : 'invalid';
    return new CieError('VALIDATION_FAILED', `invalid request ${summary}`, { issues });
  }
  const fe = err as Partial<FastifyError>;
  if (typeof fe.code === 'string' && fe.code in fastifyCodes) {
    const code = fastifyCodes[fe.code] ?? 'BAD_REQUEST';
    return new CieError(code, fe.message ?? 'bad request');
  }
  if (fe.statusCode === 429)
    return new CieError('RATE_LIMITED', fe.message ?? 'too many requests, try again later');
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new CieError('BAD_REQUEST', fe.message ?? 'bad request');
  }
  return new CieError('INTERNAL', 'internal error: the hub logged the details under this request id');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const cie = toCieError(err);
    if (cie.code === 'INTERNAL' && !(err instanceof CieError)) {
      const extra = isResponseSerializationError(err) ? { issues: err.cause.issues } : {};
      request.log.error({ err, ...extra }, 'request failed');
    } else if (cie.status >= 500) {
      request.log.error({ err }, 'request failed');
    }
    const retry = cie.details?.retryAfterSeconds;
    if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    const body = cie.toJSON();
    if (cie.status >= 500) body.error.details = { ...body.error.details, requestId: request.id };
    return reply.code(cie.status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const err = new CieError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).send(err.toJSON());
  });
}
