/** OpenID Connect sign-in: list providers, start (redirect to the provider), callback. */
import { z } from 'zod';
import { CieError } from '../../errors.js';
import type { HubApp, HubContext, HubPlugin } from '../app.js';
import { access } from '../auth/access.js';
import { startSession } from './identity.routes.js';
import { finishOidcSignIn, safeReturnTo, startOidcSignIn } from './oidc.service.js';

const tags = ['identity'];
const stateCookie = 'cie_oidc_state';
const providerParam = z.object({ provider: z.string().max(32) });

export const oidcPlugin: HubPlugin = {
  name: 'oidc',
  register(app: HubApp, ctx: HubContext) {
    const { db, config } = ctx;
    const provider = (id: string) => {
      const p = config.oidcProviders.find((x) => x.id === id);
      if (!p) throw new CieError('NOT_FOUND', `no identity provider "${id}" on this hub`);
      return p;
    };
    const base = (request: { protocol: string; host: string }) =>
      config.publicUrl ?? `${request.protocol}://${request.host}`;
    const redirectUri = (request: { protocol: string; host: string }, id: string) =>
      `${base(request)}/api/v1/auth/oidc/${id}/callback`;
    const cookieOptions = {
      path: '/api/v1/auth/oidc',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: config.secureCookies ?? config.publicUrl?.startsWith('https:') ?? false,
    };

    app.get(
      '/auth/oidc/providers',
      {
        config: { access: access.public },
        schema: {
          tags,
          summary: 'Identity providers to sign in with',
          response: { 200: z.array(z.object({ id: z.string(), name: z.string(), startUrl: z.string() })) },
        },
      },
      () =>
        config.oidcProviders.map((p) => ({
          id: p.id,
          name: p.name,
          startUrl: `/api/v1/auth/oidc/${p.id}/start`,
        })),
    );

    app.get(
      '/auth/oidc/:provider/start',
      {
        config: { access: access.public },
        schema: {
          tags,
          summary: 'Start signing in (redirects to the identity provider)',
          params: providerParam,
          querystring: z.object({ returnTo: z.string().max(2000).optional() }),
        },
      },
      async (request, reply) => {
        const p = provider(request.params.provider);
        const { url, state } = await startOidcSignIn(
          db,
          p,
          redirectUri(request, p.id),
          safeReturnTo(request.query.returnTo),
        );
        void reply.setCookie(stateCookie, state, { ...cookieOptions, maxAge: 600 });
        return reply.redirect(url.href, 302);
      },
    );

    app.get(
      '/auth/oidc/:provider/callback',
      {
        config: { access: access.public },
        schema: {
          tags,
          summary: 'Where the identity provider sends the browser back',
          params: providerParam,
        },
      },
      async (request, reply) => {
        const p = provider(request.params.provider);
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const callbackUrl = new URL(`${redirectUri(request, p.id)}${query}`);
        let signedIn: Awaited<ReturnType<typeof finishOidcSignIn>>;
        try {
          signedIn = await finishOidcSignIn(db, p, callbackUrl, request.cookies[stateCookie], request.ip);
        } catch (err) {
          if (!(err instanceof CieError)) throw err;
          // A person's browser landed here: send it back to the sign-in page with the reason's
          // code (the page words it; no text from the URL is shown), not a JSON error.
          request.log.info({ code: err.code, provider: p.id }, 'OpenID Connect sign-in refused');
          void reply.clearCookie(stateCookie, cookieOptions);
          return reply.redirect(`/sign-in?oidcError=${encodeURIComponent(err.code)}`, 302);
        }
        void reply.clearCookie(stateCookie, cookieOptions);
        await startSession(ctx, request, reply, signedIn.userId);
        return reply.redirect(signedIn.returnTo, 302);
      },
    );
  },
};
