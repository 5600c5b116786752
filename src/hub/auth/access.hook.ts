/**
 * Enforcement of the access rules declared in every route's config. At registration, a route
 * without a rule stops the app from starting (fail closed). On every request, before the body is
 * parsed, the caller is authenticated and the route's rule is checked.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CieError } from '../../errors.js';
import {
  describeRule,
  type AccessRule,
  type NodePrincipal,
  type Principal,
  type UserPrincipal,
} from './access.js';

/**
 * How callers are recognised. `user` reads the session cookie or the API token (identity module);
 * `node` reads a node's signed token (the tunnel module supplies it; without it, `node` routes
 * answer 401). Either returns undefined when the request carries no credential of its kind and
 * throws a CieError when it carries a bad one.
 */
export interface Authenticators {
  user: (request: FastifyRequest) => Promise<UserPrincipal | undefined>;
  node?: ((request: FastifyRequest) => Promise<NodePrincipal | undefined>) | undefined;
}

export interface AccessControlOptions {
  /** URL prefixes whose routes come from third-party plugins (API docs) and are public. */
  publicPrefixes: readonly string[];
  /** Every route seen, for the role-matrix test and the route listing. */
  routes: RegisteredRoute[];
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: AccessRule;
  allowWithoutTerms: boolean;
}

export function installAccessControl(
  app: FastifyInstance,
  auth: Authenticators,
  opts: AccessControlOptions,
): void {
  app.addHook('onRoute', (route) => {
    const config = (route.config ??= {});
    if (!config.access && opts.publicPrefixes.some((p) => route.url.startsWith(p))) {
      config.access = { kind: 'public' };
    }
    if (!config.access) {
      throw new CieError(
        'CONFIG_INVALID',
        `route ${String(route.method)} ${route.url} declares no access rule: add config: { access: access.… }`,
      );
    }
    for (const method of [route.method].flat()) {
      opts.routes.push({
        method,
        url: route.url,
        access: config.access,
        allowWithoutTerms: config.allowWithoutTerms === true,
      });
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const rule = config.access;
    if (!rule) return; // no route matched: the 404 handler answers
    request.principal = await authenticate(request, rule, auth);
    enforce(rule, request.principal, config.allowWithoutTerms === true);
  });
}

async function authenticate(
  request: FastifyRequest,
  rule: AccessRule,
  auth: Authenticators,
): Promise<Principal | undefined> {
  if (rule.kind === 'public') {
    // A stale cookie or a missing CSRF header must not block public routes (sign-in itself).
    try {
      return await auth.user(request);
    } catch {
      return undefined;
    }
  }
  if (rule.kind === 'node' && auth.node) {
    const node = await auth.node(request);
    if (node) return node;
  }
  return auth.user(request);
}

function enforce(rule: AccessRule, principal: Principal | undefined, allowWithoutTerms: boolean): void {
  if (rule.kind === 'public') return;
  const details = { requiredAccess: describeRule(rule) };
  if (!principal)
    throw new CieError('UNAUTHENTICATED', 'sign in first (session cookie or API token)', details);
  if (rule.kind === 'node') {
    if (principal.kind === 'node') return;
    throw new CieError('FORBIDDEN', 'this route is for enrolled nodes', details);
  }
  if (principal.kind !== 'user')
    throw new CieError('FORBIDDEN', 'this route is for signed-in users', details);
  switch (rule.kind) {
    case 'user':
      break;
    case 'role':
      if (!rule.roles.some((r) => principal.roles.includes(r))) {
        throw new CieError('FORBIDDEN', `this needs the role ${rule.roles.join(' or ')}`, details);
      }
      break;
    case 'representative':
      if (principal.representativeOf.length === 0) {
        throw new CieError(
          'FORBIDDEN',
          'this needs a data-holder representative of an organisation',
          details,
        );
      }
      break;
  }
  if (!principal.termsAccepted && !allowWithoutTerms) {
    throw new CieError(
      'TERMS_NOT_ACCEPTED',
      'accept the current terms of use first: GET /api/v1/terms/current, then POST /api/v1/terms/accept',
      details,
    );
  }
}
