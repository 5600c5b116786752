/**
 * Who may call a route. Every hub route declares one rule in its route config
 * (`config: { access: … }`); the hub refuses to start if a route lacks one, and a hook enforces
 * it before the handler runs. Finer checks (which organisation, which dataset) are the service's.
 */
import type { FastifyRequest } from 'fastify';
import { CieError } from '../../errors.js';

export const roles = ['admin', 'committee', 'researcher'] as const;
export type Role = (typeof roles)[number];

export type AccessRule =
  /** Anyone, signed in or not (public catalogue, health, sign-in itself). */
  | { kind: 'public' }
  /** Any signed-in user who has accepted the current terms of use. */
  | { kind: 'user' }
  /** A signed-in user with at least one of these roles. */
  | { kind: 'role'; roles: readonly Role[] }
  /** A data-holder representative of at least one organisation (the service checks which). */
  | { kind: 'representative' }
  /** An enrolled node, authenticated by its signed token. */
  | { kind: 'node' };

/** The authenticated caller of a request. */
export type Principal =
  | {
      kind: 'user';
      userId: number;
      roles: readonly Role[];
      /** Organisation ids this user represents as a data holder. */
      representativeOf: readonly number[];
      via: 'session' | 'token';
      /** Whether the user accepted the current terms of use (else only terms routes are open). */
      termsAccepted: boolean;
    }
  | { kind: 'node'; nodeId: number; organisationId: number };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
    /** Open to signed-in users who have not yet accepted the current terms (me, terms, sign-out). */
    allowWithoutTerms?: boolean;
    /**
     * A configured front end on another origin that cannot read our CSRF cookie (EUCAIM Lens): a
     * session-cookie request whose Origin header is exactly this needs no CSRF header. Browsers
     * set Origin themselves and pages cannot forge it, which is the check CSRF protection needs.
     */
    csrfTrustedOrigin?: string | undefined;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const access = {
  public: { kind: 'public' },
  user: { kind: 'user' },
  admin: { kind: 'role', roles: ['admin'] },
  committee: { kind: 'role', roles: ['committee', 'admin'] },
  representative: { kind: 'representative' },
  node: { kind: 'node' },
} as const satisfies Record<string, AccessRule>;

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
export type NodePrincipal = Extract<Principal, { kind: 'node' }>;

/** The caller of a route whose rule is not `public`; throws 401 if there is none. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new CieError('UNAUTHENTICATED', 'sign in first (session cookie or API token)');
  return request.principal;
}

/** The signed-in user calling this route; 401 without one, 403 when the caller is a node. */
export function requireUser(request: FastifyRequest): UserPrincipal {
  const p = requirePrincipal(request);
  if (p.kind !== 'user') throw new CieError('FORBIDDEN', 'this route is for signed-in users, not nodes');
  return p;
}

/** The enrolled node calling this route; 401 without one, 403 when the caller is a user. */
export function requireNode(request: FastifyRequest): NodePrincipal {
  const p = requirePrincipal(request);
  if (p.kind !== 'node') throw new CieError('FORBIDDEN', 'this route is for enrolled nodes');
  return p;
}

/** A short name of a rule for messages and the OpenAPI description. */
export function describeRule(rule: AccessRule): string {
  switch (rule.kind) {
    case 'public':
    case 'user':
    case 'representative':
    case 'node':
      return rule.kind;
    case 'role':
      return `role:${rule.roles.join('|')}`;
  }
}
