/**
 * A bare Fastify app for the search feature's route tests: the `x-test-user` header stands in for
 * the hub's auth hook (that user, signed in as a researcher), and a CieError answers with its own
 * status and code, as in the hub.
 */
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CieError } from '../../src/errors.js';
import type { HubApp } from '../../src/hub/app.js';

export function searchRoutesApp(): HubApp {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.addHook('onRequest', (request, _reply, done) => {
    const user = Number(request.headers['x-test-user']);
    if (user)
      request.principal = {
        kind: 'user',
        userId: user,
        roles: ['researcher'],
        representativeOf: [],
        via: 'session',
        termsAccepted: true,
      };
    done();
  });
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof CieError) return reply.code(err.status).send(err.toJSON());
    return reply.code(500).send({ error: { code: 'INTERNAL', message: String(err) } });
  });
  return app;
}
