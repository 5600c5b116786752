/**
 * Who is calling: a personal API token (`Authorization: Bearer cie_…`) or a session cookie.
 * Cookie-authenticated requests that change state (not GET/HEAD/OPTIONS) must carry the CSRF
 * token in `x-csrf-token`; bearer requests need not (a browser never adds that header itself),
 * nor do requests from the origin a route trusts (`csrfTrustedOrigin`, the Lens front end).
 */
import type { FastifyRequest } from 'fastify';
import { CieError } from '../../errors.js';
import type { HubContext } from '../app.js';
import type { UserPrincipal } from '../auth/access.js';
import { csrfHeader, sessionCookie } from './cookies.js';
import { loadUserPrincipal } from './principal.js';
import { sameSecret } from './secrets.js';
import { findLiveSession, touchSession } from './session.repository.js';
import { tokenPrefix, userOfToken } from './token.repository.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** SHA-256 of the session id, when the caller came with a live session cookie. */
    sessionIdHash?: string;
  }
}

export function createUserAuthenticator(ctx: HubContext) {
  const { db, config } = ctx;
  return async (request: FastifyRequest): Promise<UserPrincipal | undefined> => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const token = match?.[1];
      if (!token?.startsWith(tokenPrefix)) {
        throw new CieError(
          'UNAUTHENTICATED',
          'the Authorization header must be "Bearer cie_…" (a personal API token)',
        );
      }
      const userId = await userOfToken(db, token);
      if (userId === undefined) {
        throw new CieError(
          'UNAUTHENTICATED',
          'this API token is unknown, expired or revoked: create a new one',
        );
      }
      return loadUserPrincipal(db, userId, 'token');
    }
    const sessionId = request.cookies[sessionCookie];
    if (!sessionId) return undefined;
    const session = await findLiveSession(db, sessionId, config);
    if (!session) return undefined;
    const trusted = request.routeOptions.config.csrfTrustedOrigin;
    const fromTrustedOrigin = trusted !== undefined && request.headers.origin === trusted;
    if (!safeMethods.has(request.method) && !fromTrustedOrigin) {
      const sent = request.headers[csrfHeader];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
        throw new CieError(
          'CSRF_FAILED',
          `missing or wrong ${csrfHeader} header: send the value of the cie_csrf cookie with every state-changing request`,
        );
      }
    }
    // Idle expiry counts from the last request; write at most once a minute.
    if (Date.now() - session.lastSeenAt.getTime() > 60_000) await touchSession(db, session.idHash);
    request.sessionIdHash = session.idHash;
    return loadUserPrincipal(db, session.userId, 'session');
  };
}
