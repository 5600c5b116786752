/**
 * The hub's HTTP application: the composition point where every feature plugs in its routes.
 *
 * @example
 * const app = await buildHubApp({ db, config: config.hub, logger }, [catalogueRoutes, searchRoutes]);
 * await app.listen({ port: 8080 });
 *
 * A feature is a `HubPlugin`: a name, an optional URL prefix (default `/api/v1`) and a function
 * that adds routes to an encapsulated Fastify scope with the zod type provider. Every route MUST
 * declare `config: { access: access.… }` (src/hub/auth/access.ts) or the app refuses to start;
 * the handler then finds the caller in `request.principal` (`requireUser(request)`).
 *
 * What the app provides around the routes: security headers and CSP, body limit (413), one error
 * shape `{ error: { code, message, details } }`, request ids (`x-request-id`), sessions, API
 * tokens and CSRF checks, `/healthz`, `/readyz`, `/api/v1/openapi.json` and `/api/docs`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { HubConfig } from '../config/hub-config.js';
import type { HubDB } from '../db/schema.js';
import type { Notifier } from './notifications/notifier.js';
import { CieError } from '../errors.js';
import { refuseNulBytes } from '../nul-bytes.hook.js';
import type { Logger } from '../log.js';
import { adminPlugin } from './admin/admin.routes.js';
import { access, type Principal } from './auth/access.js';
import { installAccessControl, type Authenticators, type RegisteredRoute } from './auth/access.hook.js';
import { auditRoutesPlugin } from './audit/audit.routes.js';
import { docsPrefix, installApiDocs } from './http/docs.js';
import { installErrorHandling } from './http/errors.js';
import { errorBody } from './http/schemas.js';
import { installSecurityHeaders } from './http/security.js';
import { createUserAuthenticator } from './identity/authenticate.js';
import { identityPlugin } from './identity/identity.routes.js';
import { oidcPlugin } from './identity/oidc.routes.js';
import { tokenPlugin } from './identity/token.routes.js';
import { termsPlugin } from './terms/terms.routes.js';
import { notificationsPlugin } from './notifications/notifications.routes.js';
import { createNotifications } from './notifications/notifications.service.js';
import type { HubTunnel } from './tunnel/tunnel.feature.js';
import { seedTerms } from './terms/terms.repository.js';

export type HubApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What a feature's routes may use. Inject only this; services take what they need from it. */
export interface HubContext {
  db: Kysely<HubDB>;
  config: HubConfig;
  logger: Logger;
  /** The node tunnel (`tunnel.sendTask(nodeId, kind, payload)`), when the hub runs one. */
  tunnel?: HubTunnel | undefined;
  /** Tells people what happened (in-app + e-mail); see src/hub/notifications/notifier.ts. */
  notifier?: Notifier | undefined;
}

export interface HubAppDeps extends HubContext {
  /**
   * Recognises an enrolled node from its request (signed token), for routes with `access.node`.
   * Supplied by the tunnel module; without it, `node` routes answer 401.
   */
  authenticateNode?: Authenticators['node'];
}

export interface HubPlugin {
  /** For logs and error messages. */
  name: string;
  /** URL prefix of the plugin's routes; default `/api/v1`. Use '' for routes at the root. */
  prefix?: string;
  register: (app: HubApp, ctx: HubContext) => Promise<void> | void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access rule (the role-matrix test walks this). */
    hubRoutes: readonly RegisteredRoute[];
  }
}

/** The hub's own plugins, registered before the caller's. */
export const corePlugins: readonly HubPlugin[] = [
  identityPlugin,
  tokenPlugin,
  oidcPlugin,
  termsPlugin,
  adminPlugin,
  auditRoutesPlugin,
  notificationsPlugin,
];

/** Build the hub's Fastify app (ready, not listening). */
export async function buildHubApp(deps: HubAppDeps, plugins: readonly HubPlugin[] = []): Promise<HubApp> {
  const { config } = deps;
  const https = config.publicUrl?.startsWith('https:') ?? false;
  const logger: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installRequestLog(app);
  app.addHook('preValidation', refuseNulBytes);

  // Cookies are parsed before authentication reads them (hooks run in the order added).
  await app.register(cookie);
  const routes: RegisteredRoute[] = [];
  app.decorate('hubRoutes', routes);
  // Without a notifier from the caller, the app runs its own (in-app + mail queue per config.mail).
  const own = deps.notifier ? undefined : createNotifications(deps.db, config.mail, deps.logger);
  if (own) app.addHook('onClose', () => own.stop());
  const notifier = deps.notifier ?? own?.notifier;
  const ctx: HubContext = { db: deps.db, config, logger: deps.logger, tunnel: deps.tunnel, notifier };
  installAccessControl(
    app,
    { user: createUserAuthenticator(ctx), node: deps.authenticateNode },
    {
      publicPrefixes: [docsPrefix],
      routes,
    },
  );

  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new CieError('RATE_LIMITED', `too many requests: try again in ${Math.ceil(ctx.ttl / 1000)} s`),
  });
  await installSecurityHeaders(app, { https });
  await installApiDocs(app);
  installHealth(app, deps.db);
  await seedTerms(deps.db);

  for (const plugin of [...corePlugins, ...plugins]) {
    await app.register(
      async (scope) => {
        await plugin.register(scope.withTypeProvider<ZodTypeProvider>(), ctx);
      },
      { prefix: plugin.prefix ?? '/api/v1' },
    );
  }
  await app.ready();
  return app;
}

function installHealth(app: HubApp, db: Kysely<HubDB>): void {
  const status = z.object({ status: z.string() });
  app.get(
    '/healthz',
    { config: { access: access.public }, schema: { tags: ['health'], response: { 200: status } } },
    () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { access: access.public },
      schema: { tags: ['health'], response: { 200: status, 503: errorBody } },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(db);
        return { status: 'ready' };
      } catch (err) {
        request.log.error({ err }, 'database unreachable');
        return reply.code(503).send(new CieError('INTERNAL', 'the hub database is unreachable').toJSON());
      }
    },
  );
}

/** One log line per request, without query strings (they may carry OIDC codes). */
function installRequestLog(app: HubApp): void {
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        principal: request.principal
          ? `${request.principal.kind}:${principalId(request.principal)}`
          : undefined,
      },
      'request',
    );
  });
}

function principalId(p: Principal): number {
  return p.kind === 'user' ? p.userId : p.nodeId;
}
