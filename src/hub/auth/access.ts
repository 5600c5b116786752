/**
 * Who may call a route. Every hub route declares one rule in its route config
 * (`config: { access: … }`); the hub refuses to start if a route lacks one, and a hook enforces
 * it before the handler runs. Finer checks (which organisation, which dataset) are the service's.
 */
import 'fastify';

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
    }
  | { kind: 'node'; nodeId: number; organisationId: number };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
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
