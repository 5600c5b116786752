/**
 * The session cookies. `cie_session` (httpOnly) carries the session id; `cie_csrf` (readable by
 * the page's script) carries the CSRF token that cookie-authenticated state-changing requests
 * must echo in the `x-csrf-token` header. Both SameSite=Lax, Secure behind https.
 */
import type { FastifyReply } from 'fastify';
import type { HubConfig } from '../../config/hub-config.js';
import type { NewSession } from './session.repository.js';

export const sessionCookie = 'cie_session';
export const csrfCookie = 'cie_csrf';
export const csrfHeader = 'x-csrf-token';

function secure(config: HubConfig): boolean {
  return config.secureCookies ?? config.publicUrl?.startsWith('https:') ?? false;
}

export function setSessionCookies(reply: FastifyReply, session: NewSession, config: HubConfig): void {
  const common = { path: '/', sameSite: 'lax' as const, secure: secure(config), expires: session.expiresAt };
  void reply.setCookie(sessionCookie, session.id, { ...common, httpOnly: true });
  void reply.setCookie(csrfCookie, session.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, config: HubConfig): void {
  const common = { path: '/', sameSite: 'lax' as const, secure: secure(config) };
  void reply.clearCookie(sessionCookie, { ...common, httpOnly: true });
  void reply.clearCookie(csrfCookie, common);
}
