/** Local accounts: /auth/options, /auth/sign-up, /auth/invitation…, /auth/sign-in, /auth/sign-out, /auth/password, /me. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { audit } from '../../audit/audit.js';
import type { HubApp, HubContext, HubPlugin } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { clearSessionCookies, sessionCookie, setSessionCookies } from './cookies.js';
import { changePassword, describeMe, signIn } from './identity.service.js';
import {
  acceptInvitationBody,
  authOptions,
  invitationBody,
  invitationView,
  me,
  passwordBody,
  signedIn,
  signInBody,
  signUpAnswer,
  signUpBody,
} from './identity.schema.js';
import { acceptInvitation, describeInvitation, requestSignUp } from './invitation.service.js';
import { loadUserPrincipal } from './principal.js';
import { createSession, deleteSession } from './session.repository.js';

const tags = ['identity'];

/**
 * Start a fresh session for a user: the session the browser came with (if one) is ended first, and the
 * new id is random, so a session id planted before sign-in is worthless (no fixation).
 */
export async function startSession(
  ctx: HubContext,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
) {
  const old = request.cookies[sessionCookie];
  if (old) await deleteSession(ctx.db, old);
  const session = await createSession(ctx.db, userId, ctx.config);
  setSessionCookies(reply, session, ctx.config);
  return session;
}

export const identityPlugin: HubPlugin = {
  name: 'identity',
  register(app: HubApp, ctx: HubContext) {
    const { db, config } = ctx;
    const deps = { db, config, notifier: ctx.notifier };

    app.get(
      '/auth/options',
      {
        config: { access: access.public },
        schema: { tags, summary: 'How accounts are made on this hub', response: { 200: authOptions } },
      },
      () => ({ signUp: config.allowSignup }),
    );

    app.post(
      '/auth/sign-up',
      {
        config: { access: access.public, rateLimit: { max: config.signInPerMinute, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Ask for an account: a link to create it is e-mailed (same answer for known addresses)',
          body: signUpBody,
          response: { 202: signUpAnswer },
        },
      },
      async (request, reply) => {
        await requestSignUp(deps, request.body.email, request.ip);
        return reply.code(202).send({
          message: `if ${request.body.email} can have an account here, a link to create it is on its way: check your e-mail`,
        });
      },
    );

    app.post(
      '/auth/invitation',
      {
        config: { access: access.public, rateLimit: { max: config.signInPerMinute, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'What an e-mailed sign-up or invitation link is for',
          body: invitationBody,
          response: { 200: invitationView },
        },
      },
      async (request) => describeInvitation(db, request.body.token),
    );

    app.post(
      '/auth/invitation/accept',
      {
        config: { access: access.public, rateLimit: { max: config.signInPerMinute, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Create the account of an e-mailed link with a name and password, and sign in',
          body: acceptInvitationBody,
          response: { 201: signedIn },
        },
      },
      async (request, reply) => {
        const { token, ...input } = request.body;
        const id = await acceptInvitation(deps, token, input, request.ip);
        const session = await startSession(ctx, request, reply, id);
        await audit(db, {
          actor: `user:${id}`,
          action: 'auth.sign-in',
          target: `user:${id}`,
          ip: request.ip,
          details: { method: 'password', at: 'invitation' },
        });
        const principal = await loadUserPrincipal(db, id, 'session');
        return reply.code(201).send({ user: await describeMe(db, principal), csrfToken: session.csrfToken });
      },
    );

    app.post(
      '/auth/sign-in',
      {
        config: { access: access.public, rateLimit: { max: config.signInPerMinute, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Sign in with e-mail and password',
          body: signInBody,
          response: { 200: signedIn },
        },
      },
      async (request, reply) => {
        const id = await signIn(db, config, request.body.email, request.body.password, request.ip);
        const session = await startSession(ctx, request, reply, id);
        await audit(db, {
          actor: `user:${id}`,
          action: 'auth.sign-in',
          target: `user:${id}`,
          ip: request.ip,
          details: { method: 'password' },
        });
        const principal = await loadUserPrincipal(db, id, 'session');
        return { user: await describeMe(db, principal), csrfToken: session.csrfToken };
      },
    );

    app.post(
      '/auth/sign-out',
      {
        config: { access: access.user, allowWithoutTerms: true },
        schema: { tags, summary: 'End this session (no-op for API tokens: revoke them instead)' },
      },
      async (request, reply) => {
        const p = requireUser(request);
        const id = request.cookies[sessionCookie];
        if (p.via === 'session' && id) await deleteSession(db, id);
        clearSessionCookies(reply, config);
        await audit(db, {
          actor: `user:${p.userId}`,
          action: 'auth.sign-out',
          target: `user:${p.userId}`,
          ip: request.ip,
        });
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/password',
      {
        config: { access: access.user, allowWithoutTerms: true },
        schema: { tags, summary: 'Change your password; ends your other sessions', body: passwordBody },
      },
      async (request, reply) => {
        const p = requireUser(request);
        const { currentPassword, newPassword } = request.body;
        await changePassword(db, p, request.sessionIdHash, currentPassword, newPassword, request.ip);
        return reply.code(204).send();
      },
    );

    app.get(
      '/me',
      {
        config: { access: access.user, allowWithoutTerms: true },
        schema: {
          tags,
          summary: 'Who am I: account, roles, organisations, terms status',
          response: { 200: me },
        },
      },
      async (request) => describeMe(db, requireUser(request)),
    );
  },
};
