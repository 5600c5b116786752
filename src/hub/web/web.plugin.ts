/**
 * Serves the built web app: static assets from web/dist, and index.html for every other GET that
 * is not an API path, so client-side routes work on reload. All of it is public; the app asks the
 * API for data, and the API enforces access.
 */
import fastifyStatic from '@fastify/static';
import type { HubPlugin } from '../app.js';
import { access } from '../auth/access.js';
import { webDist } from './build.js';

const apiPrefixes = ['/api/', '/dicomweb/', '/healthz', '/readyz'];

export const webAppPlugin: HubPlugin = {
  name: 'web',
  prefix: '',
  async register(app) {
    await app.register(fastifyStatic, {
      root: webDist,
      // Only reply.sendFile(): the routes below are ours, so each declares its access rule.
      serve: false,
      decorateReply: true,
      serveDotFiles: false,
      cacheControl: true,
      maxAge: '1h',
    });
    app.get('/', { config: { access: access.public }, schema: { hide: true } }, (_req, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
    app.get('/*', { config: { access: access.public }, schema: { hide: true } }, (req, reply) => {
      const path = req.url.split('?')[0] ?? '/';
      if (apiPrefixes.some((p) => path.startsWith(p)) || path.includes('..')) {
        return reply
          .code(404)
          .send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${path}` } });
      }
      if (/^\/assets\/[\w.-]+$/.test(path)) return reply.sendFile(path.slice(1));
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  },
};
