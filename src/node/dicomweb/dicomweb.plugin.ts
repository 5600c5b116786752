/**
 * DICOMweb over HTTP for the node's local use (OHIF, dicomweb-client, Slicer, scripts): a Fastify
 * plugin mountable at any prefix (default `/dicomweb`). Routes are thin: they validate the path,
 * build a DicomwebRequest and call the services, which the hub relay calls the same way.
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { refuseNulBytes } from '../../nul-bytes.hook.js';
import { corsConfigSchema, type CorsConfig } from '../../config/cors-config.js';
import { corsOnSend, corsPreflight, dicomwebCorsRoutes } from '../../cors.js';
import type { InstanceStore } from './instance-store.js';
import type { QueryParams } from './qido.params.js';
import {
  searchInstances,
  searchSeries,
  searchStudies,
  type DicomwebDeps,
  type DicomwebRequest,
  type SearchResult,
} from './qido.service.js';
import type { InstanceScope } from './scope.js';
import { storeInstances } from './stow.service.js';
import { createCodecPool } from './pixel/codec-pool.js';
import {
  retrieveFrames,
  retrievePixelBulkData,
  retrieveRendered,
  type RenderQuery,
} from './wado-frames.service.js';
import {
  retrieveInstances,
  retrieveMetadataAs,
  retrieveTarget,
  type BinaryResponse,
} from './wado.service.js';

export interface DicomwebPluginOptions {
  db: Kysely<NodeDB>;
  store: InstanceStore;
  /** Where STOW-RS request parts are spooled. */
  tmpDir: string;
  /** Most results one QIDO search returns (default 1000). */
  maxResults?: number;
  /** Largest STOW-RS request body in bytes (default 2 GiB). */
  maxStowBytes?: number;
  /** Worker threads decoding, transcoding and rendering pixel data (default: cores, at most 4). */
  codecThreads?: number;
  /** Cross-origin access for browser viewers (none by default); OPTIONS is answered either way. */
  cors?: CorsConfig;
  /** The scope of a request; the node's local endpoint serves everything ('all'). */
  scopeOf?: (request: FastifyRequest) => InstanceScope;
  /** The DICOMweb root URLs in answers point at (the hub relay's path); default this server's. */
  baseUrlOf?: (request: FastifyRequest) => string;
}

type Params = { study: string; series: string; instance: string; frames: string };

export function dicomwebPlugin(
  app: FastifyInstance,
  opts: DicomwebPluginOptions,
  done: (err?: Error) => void,
): void {
  const codecs = createCodecPool(opts.codecThreads);
  app.addHook('onClose', async () => codecs.close());
  const deps: DicomwebDeps = { db: opts.db, maxResults: opts.maxResults ?? 1000, codecs };
  const maxStowBytes = opts.maxStowBytes ?? 2 * 1024 ** 3;
  const prefix = app.prefix;
  const request = (r: FastifyRequest): DicomwebRequest => ({
    scope: opts.scopeOf ? opts.scopeOf(r) : 'all',
    baseUrl: opts.baseUrlOf ? opts.baseUrlOf(r) : `${r.protocol}://${r.host}${prefix}`,
  });
  const query = (r: FastifyRequest): QueryParams => r.query as QueryParams;
  const params = (r: FastifyRequest): Params => r.params as Params;
  const accept = (r: FastifyRequest): string | undefined => r.headers.accept;

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof CieError) return reply.status(err.status).type('application/json').send(err.toJSON());
    const status =
      typeof (err as { statusCode?: unknown }).statusCode === 'number'
        ? (err as { statusCode: number }).statusCode
        : 500;
    const message = status >= 500 ? 'internal error' : err instanceof Error ? err.message : String(err);
    if (status >= 500) app.log.error({ err }, 'dicomweb request failed');
    return reply
      .status(status)
      .type('application/json')
      .send({ error: { code: 'BAD_REQUEST', message } });
  });
  app.addHook('preValidation', refuseNulBytes);
  const cors = opts.cors ?? corsConfigSchema.parse({});
  const corsRoutes = dicomwebCorsRoutes(['GET', 'HEAD', 'POST', 'OPTIONS']);
  app.addHook('onSend', corsOnSend(cors, corsRoutes));
  app.options('/*', corsPreflight(cors, corsRoutes));
  app.options('/', corsPreflight(cors, corsRoutes));

  // STOW-RS bodies are read as streams by the service; never buffered by Fastify.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, next) => next(null, payload));

  /**
   * A search answer: `200 []` when nothing matches (PS3.18 allows 204, but clients such as
   * Orthanc's DICOMweb plugin read an empty 204 as a bad file), warnings as `Warning: 299`, and a
   * `Link: <…offset=N>; rel="next"` when more results match than the answer holds.
   */
  const sendSearch = (r: FastifyRequest, reply: FastifyReply, res: SearchResult): FastifyReply => {
    // One header, the warnings comma-separated (RFC 9111 §5.5): a second reply.header would replace the first.
    const warnings = res.warnings.map((w) => `299 cie "${w.replace(/[^\x20-\x7e]|["\\]/g, "'")}"`);
    if (warnings.length > 0) void reply.header('Warning', warnings.join(', '));
    if (res.nextOffset !== undefined) {
      const url = new URL(`${request(r).baseUrl}${r.url.slice(prefix.length)}`);
      url.searchParams.set('offset', String(res.nextOffset));
      void reply.header('Link', `<${url.href}>; rel="next"`);
    }
    return reply.type('application/dicom+json').send(JSON.stringify(res.results));
  };
  const sendBinary = (reply: FastifyReply, res: BinaryResponse): FastifyReply =>
    reply.type(res.contentType).send(res.body);
  const requireJsonAccept = (r: FastifyRequest): void => {
    const a = accept(r);
    if (a && !/application\/(dicom\+)?json|\*\/\*|application\/\*/i.test(a)) {
      throw new CieError(
        'NOT_ACCEPTABLE',
        `search results are application/dicom+json; cannot answer Accept "${a}"`,
      );
    }
  };

  // QIDO-RS
  app.get('/studies', async (r, reply) => {
    requireJsonAccept(r);
    return sendSearch(r, reply, await searchStudies(deps, request(r), query(r)));
  });
  app.get('/series', async (r, reply) => {
    requireJsonAccept(r);
    return sendSearch(r, reply, await searchSeries(deps, request(r), query(r)));
  });
  app.get('/instances', async (r, reply) => {
    requireJsonAccept(r);
    return sendSearch(r, reply, await searchInstances(deps, request(r), query(r)));
  });
  app.get('/studies/:study/series', async (r, reply) => {
    requireJsonAccept(r);
    return sendSearch(r, reply, await searchSeries(deps, request(r), query(r), params(r).study));
  });
  app.get('/studies/:study/instances', async (r, reply) => {
    requireJsonAccept(r);
    return sendSearch(r, reply, await searchInstances(deps, request(r), query(r), params(r).study));
  });
  app.get('/studies/:study/series/:series/instances', async (r, reply) => {
    requireJsonAccept(r);
    const p = params(r);
    return sendSearch(r, reply, await searchInstances(deps, request(r), query(r), p.study, p.series));
  });

  // WADO-RS
  app.get('/studies/:study', async (r, reply) =>
    sendBinary(reply, await retrieveInstances(deps, request(r), retrieveTarget(params(r).study), accept(r))),
  );
  app.get('/studies/:study/series/:series', async (r, reply) => {
    const p = params(r);
    return sendBinary(
      reply,
      await retrieveInstances(deps, request(r), retrieveTarget(p.study, p.series), accept(r)),
    );
  });
  app.get('/studies/:study/series/:series/instances/:instance', async (r, reply) => {
    const p = params(r);
    const t = retrieveTarget(p.study, p.series, p.instance);
    return sendBinary(reply, await retrieveInstances(deps, request(r), t, accept(r)));
  });
  app.get('/studies/:study/metadata', async (r, reply) =>
    sendBinary(reply, await retrieveMetadataAs(deps, request(r), retrieveTarget(params(r).study), accept(r))),
  );
  app.get('/studies/:study/series/:series/metadata', async (r, reply) => {
    const p = params(r);
    return sendBinary(
      reply,
      await retrieveMetadataAs(deps, request(r), retrieveTarget(p.study, p.series), accept(r)),
    );
  });
  app.get('/studies/:study/series/:series/instances/:instance/metadata', async (r, reply) => {
    const p = params(r);
    const t = retrieveTarget(p.study, p.series, p.instance);
    return sendBinary(reply, await retrieveMetadataAs(deps, request(r), t, accept(r)));
  });
  app.get('/studies/:study/series/:series/instances/:instance/frames/:frames', async (r, reply) => {
    const p = params(r);
    const t = retrieveTarget(p.study, p.series, p.instance);
    return sendBinary(reply, await retrieveFrames(deps, request(r), t, p.frames, accept(r)));
  });
  app.get('/studies/:study/series/:series/instances/:instance/bulkdata/7FE00010', async (r, reply) => {
    const p = params(r);
    const t = retrieveTarget(p.study, p.series, p.instance);
    return sendBinary(reply, await retrievePixelBulkData(deps, request(r), t, accept(r)));
  });
  const renderQuery = (r: FastifyRequest): RenderQuery => {
    const q = query(r);
    const one = (k: string): string | undefined => {
      const v = q[k];
      return typeof v === 'string' ? v : undefined;
    };
    return { window: one('window'), viewport: one('viewport'), quality: one('quality') };
  };
  app.get('/studies/:study/series/:series/instances/:instance/rendered', async (r, reply) => {
    const p = params(r);
    const t = retrieveTarget(p.study, p.series, p.instance);
    return sendBinary(
      reply,
      await retrieveRendered(deps, request(r), t, undefined, renderQuery(r), accept(r)),
    );
  });
  app.get('/studies/:study/series/:series/instances/:instance/frames/:frames/rendered', async (r, reply) => {
    const p = params(r);
    const t = retrieveTarget(p.study, p.series, p.instance);
    return sendBinary(
      reply,
      await retrieveRendered(deps, request(r), t, p.frames, renderQuery(r), accept(r)),
    );
  });

  // STOW-RS
  const stow = async (r: FastifyRequest, reply: FastifyReply, study?: string): Promise<FastifyReply> => {
    const length = Number(r.headers['content-length'] ?? 0);
    if (length > maxStowBytes) {
      throw new CieError(
        'PAYLOAD_TOO_LARGE',
        `the request body (${length} bytes) exceeds ${maxStowBytes} bytes`,
      );
    }
    const body = r.body as Readable | undefined;
    if (!body || typeof (body as Partial<Readable>).pipe !== 'function') {
      throw new CieError('BAD_REQUEST', 'STOW-RS needs a multipart/related body');
    }
    const res = await storeInstances(
      { store: opts.store, tmpDir: opts.tmpDir, maxBytes: maxStowBytes },
      request(r),
      body,
      r.headers['content-type'],
      study,
    );
    return reply.status(res.status).type('application/dicom+json').send(JSON.stringify(res.body));
  };
  app.post('/studies', async (r, reply) => stow(r, reply));
  app.post('/studies/:study', async (r, reply) => stow(r, reply, params(r).study));
  done();
}
