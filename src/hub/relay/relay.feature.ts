/**
 * `/dicomweb/datasets/{slug}/…` on the hub: standard DICOMweb (QIDO-RS, WADO-RS, rendered) for
 * grantees, signed in by session or API token (`Authorization: Bearer cie_…`), so OHIF,
 * dicomweb-client, curl and `cie download` work against it. Reads only; see docs/dicomweb.md.
 */
import { startCoalescer } from '../../audit/coalesce.js';
import { corsOnSend, corsPreflight, dicomwebCorsRoutes } from '../../cors.js';
import { CieError } from '../../errors.js';
import type { HubPlugin } from '../app.js';
import { access, requireUser } from '../auth/access.js';
import { relayedHeaders } from '../../model/relay.js';
import { relayDicomweb } from './relay.service.js';

const ROOT = '/dicomweb/datasets/';

export const relayFeature: HubPlugin = {
  name: 'dicomweb-relay',
  prefix: '',
  register(app, ctx) {
    const coalescer = startCoalescer(ctx.db, (err) => ctx.logger.error({ err }, 'audit flush failed'));
    app.addHook('onClose', () => coalescer.stop());
    // Viewers and notebooks on other origins (CIE_HUB_DICOMWEB_CORS_*): preflight, and CORS headers
    // on every answer, refusals included, so a browser page can read why.
    const cors = dicomwebCorsRoutes(['GET', 'HEAD', 'OPTIONS']);
    app.options(
      `${ROOT}:slug/*`,
      { config: { access: access.public }, schema: { hide: true } },
      corsPreflight(ctx.config.dicomwebCors, cors),
    );
    app.get(
      `${ROOT}:slug/*`,
      {
        config: { access: access.user },
        schema: { hide: true },
        onSend: corsOnSend(ctx.config.dicomwebCors, cors),
      },
      async (request, reply) => {
        const user = requireUser(request);
        const [rawPath = '', query = ''] = (request.raw.url ?? '').split('?', 2);
        const below = rawPath.slice(ROOT.length);
        const slash = below.indexOf('/');
        const slug = decodeURIComponent(below.slice(0, slash));
        const base = ctx.config.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
        const aborted = new AbortController();
        request.raw.once('close', () => aborted.abort(new CieError('INTERNAL', 'the client went away')));
        const header = (name: string) => {
          const v = request.headers[name];
          return Array.isArray(v) ? v.join(', ') : v;
        };
        const stream = await relayDicomweb(
          { db: ctx.db, tunnel: ctx.tunnel, logger: ctx.logger },
          {
            userId: user.userId,
            slug,
            path: below.slice(slash),
            query,
            accept: header('accept'),
            range: header('range'),
            ifRange: header('if-range'),
            baseUrl: `${base}${ROOT}${encodeURIComponent(slug)}`,
            ip: request.ip,
            signal: aborted.signal,
          },
        );
        // A researcher who disconnects mid-download cancels the node's reads.
        reply.raw.once('close', () => {
          if (!stream.body.readableEnded) stream.body.destroy();
        });
        void reply.status(stream.status).type(stream.contentType);
        if (stream.length !== undefined) void reply.header('content-length', stream.length);
        for (const h of relayedHeaders) {
          const v = stream.headers[h];
          if (v !== undefined) void reply.header(h, v);
        }
        return reply.send(stream.body);
      },
    );
  },
};
