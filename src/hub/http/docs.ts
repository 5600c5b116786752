/**
 * The OpenAPI 3 document, generated from the zod schemas of every route, at
 * /api/v1/openapi.json, and interactive docs (Swagger UI) at /api/docs.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { access, describeRule } from '../auth/access.js';

export const docsPrefix = '/api/docs';

export async function installApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'cie hub API',
        description:
          'Catalogue, federated search, identity, access and audit of the cie hub. Authenticate with the ' +
          '`cie_session` cookie (and the `x-csrf-token` header on state-changing requests) or with ' +
          '`Authorization: Bearer cie_…` (a personal API token). See docs/hub.md.',
        version: '1',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'personal API token (cie_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'cie_session' },
        },
      },
    },
    transformObject: jsonSchemaTransformObject,
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const rule = input.route.config?.access;
      if (rule) {
        const schema = out.schema as Record<string, unknown>;
        const text = `Access: ${describeRule(rule)}.`;
        schema.description =
          typeof schema.description === 'string' ? `${schema.description}\n\n${text}` : text;
      }
      return out;
    },
  });
  await app.register(swaggerUi, { routePrefix: docsPrefix, staticCSP: true });
  app.get('/api/v1/openapi.json', { config: { access: access.public }, schema: { hide: true } }, () =>
    app.swagger(),
  );
}
