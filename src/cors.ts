/**
 * CORS for the DICOMweb endpoints (the node's own and the hub relay): answers to an allowed
 * origin carry Access-Control-Allow-Origin (and -Credentials, -Expose-Headers so a viewer can
 * read Warning, Link, Content-Location, ETag…), and preflight OPTIONS requests get the methods and
 * headers a DICOMweb client sends. An origin not allowed gets no CORS headers: the browser blocks.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CorsConfig } from './config/cors-config.js';

export interface CorsRoutes {
  methods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
}

function allowedOrigin(config: CorsConfig, origin: string | undefined): string | undefined {
  if (!origin || config.origins.length === 0) return undefined;
  if (config.origins.includes(origin)) return origin;
  return config.origins.includes('*') ? '*' : undefined;
}

function common(config: CorsConfig, request: FastifyRequest, reply: FastifyReply): boolean {
  void reply.header('vary', 'Origin');
  const allow = allowedOrigin(config, request.headers.origin);
  if (!allow) return false;
  void reply.header('access-control-allow-origin', allow);
  if (config.credentials) void reply.header('access-control-allow-credentials', 'true');
  return true;
}

/** Headers of an actual (non-preflight) answer; for an `onSend` hook. */
export function corsOnSend(config: CorsConfig, routes: CorsRoutes) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (config.origins.length > 0 && common(config, request, reply)) {
      void reply.header('access-control-expose-headers', routes.exposeHeaders.join(', '));
    }
    return payload;
  };
}

/** The answer to a preflight OPTIONS request: 204, with CORS headers when the origin is allowed. */
export function corsPreflight(config: CorsConfig, routes: CorsRoutes) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (common(config, request, reply)) {
      void reply.header('access-control-allow-methods', routes.methods.join(', '));
      void reply.header('access-control-allow-headers', routes.allowHeaders.join(', '));
      void reply.header('access-control-max-age', String(config.maxAgeSeconds));
    }
    return reply.code(204).send();
  };
}

/** What a DICOMweb client sends and reads. */
export const dicomwebCorsRoutes = (methods: readonly string[]): CorsRoutes => ({
  methods,
  allowHeaders: ['accept', 'authorization', 'content-type', 'range', 'if-range', 'cache-control'],
  exposeHeaders: [
    'warning',
    'link',
    'content-location',
    'content-length',
    'content-range',
    'accept-ranges',
    'etag',
    'x-cie-sha256',
  ],
});
