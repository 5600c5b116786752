/**
 * The web app's API types, generated from the hub's OpenAPI document, so the server's zod schemas
 * stay the one source of truth (STYLE.md). `npm run api:types` writes web/src/api-types.ts; a test
 * (api-types.test.ts) fails when the committed file no longer matches the routes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../log.js';
import { startHub } from '../server.js';

/** Where the generated types live, relative to the repository root. */
export const apiTypesPath = 'web/src/api-types.ts';

const banner =
  '// Generated from the hub OpenAPI document by `npm run api:types` (src/hub/http/api-types.ts).\n' +
  '// Do not edit: change the route schemas and regenerate.\n';

/** The OpenAPI document of a hub with every feature, started on a throwaway embedded database. */
export async function hubOpenApiDocument(): Promise<OpenAPI3> {
  const dir = mkdtempSync(join(tmpdir(), 'cie-openapi-'));
  try {
    const hub = await startHub(loadConfig({ dataDir: dir, port: 0 }), createLogger('silent'));
    try {
      const res = await fetch(`${hub.url}/api/v1/openapi.json`);
      return (await res.json()) as OpenAPI3;
    } finally {
      await hub.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** TypeScript declarations (`paths`, `components`) for an OpenAPI document. */
export async function renderApiTypes(doc: OpenAPI3): Promise<string> {
  const ast = await openapiTS(doc, { alphabetize: true });
  return banner + astToString(ast);
}
