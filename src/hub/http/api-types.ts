/**
 * The web app's API types, generated from the hub's OpenAPI document, so the server's zod schemas
 * stay the one source of truth (STYLE.md). `npm run api:types` writes web/src/api-types/: one file
 * of `paths` per feature (access, catalogue, search, …) and an index that joins them; a test
 * (api-types.test.ts) fails when the committed files no longer match the routes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../log.js';
import { startHub } from '../server.js';

/** Where the generated types live, relative to the repository root. */
export const apiTypesDir = 'web/src/api-types';

const banner =
  '// Generated from the hub OpenAPI document by `npm run api:types` (src/hub/http/api-types.ts).\n' +
  '// Do not edit: change the route schemas and regenerate.\n';

/**
 * Route (after `/api/v1`) → file, first match ('' for one per first two segments); other routes
 * go to the file of their first segment.
 */
const fileOf: Array<[RegExp, string]> = [
  [/^\/access\/requests\/\{id\}\/(attachments|messages)/, 'access-thread'],
  [/^\/access\/requests\/\{id\}\/datasets\//, 'access-decisions'],
  [/^\/access\/requests\/\{id\}\/\w+$/, 'access-steps'],
  [/^\/access\/requests/, 'access-requests'],
  [/^\/(searches|spot)(\/|$)/, 'search'],
  [/^\/me(\/|$)/, 'account'],
  [/^\/auth\/oidc\//, 'auth-oidc'],
  [/^\/admin\/(audit|organisations|users)(\/|$)/, ''],
  [/^\/(healthz|readyz)$/, 'hub'],
  [/^\/catalogue\.(ttl|jsonld)$/, 'catalogue'],
];

function feature(path: string): string {
  const route = path.replace(/^\/api\/v1\//, '/');
  const [, first = '', second = ''] = route.split('/');
  const file = fileOf.find(([re]) => re.test(route))?.[1];
  // '' : the file of the first two segments (the admin pages' features: admin-users, …)
  return file === '' ? `${first}-${second}` : (file ?? first);
}

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

/** The one interface called `name` of the types generated for `doc`. */
async function renderInterface(doc: OpenAPI3, name: 'paths' | 'components'): Promise<string> {
  const ast = await openapiTS(doc, { alphabetize: true });
  return astToString(ast.filter((n) => ts.isInterfaceDeclaration(n) && n.name.text === name));
}

/** The `paths` interface of the routes of one feature; shared schemas come from `components.ts`. */
async function renderPaths(doc: OpenAPI3, paths: NonNullable<OpenAPI3['paths']>): Promise<string> {
  const text = await renderInterface({ ...doc, paths }, 'paths');
  const uses = text.includes('components["schemas"]');
  return banner + (uses ? "import type { components } from './components';\n\n" : '') + text;
}

/**
 * The named schemas (zod `.meta({ id })`) that routes or other named schemas refer to. The zod
 * transform also emits an `…Input` twin of each, which no route of ours refers to.
 */
function referencedSchemas(doc: OpenAPI3): OpenAPI3 {
  const all = doc.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    const ref = JSON.stringify(node).matchAll(/"#\/components\/schemas\/([^"]+)"/g);
    for (const [, name] of ref) {
      if (name && !used.has(name)) {
        used.add(name);
        visit(all[name]);
      }
    }
  };
  visit(doc.paths);
  const schemas = Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name)));
  return { ...doc, paths: {}, components: { ...doc.components, schemas } };
}

/** File name (in apiTypesDir) → contents: one file per feature and `index.ts` joining them. */
export async function renderApiTypes(doc: OpenAPI3): Promise<Map<string, string>> {
  const groups = new Map<string, NonNullable<OpenAPI3['paths']>>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const name = feature(path);
    groups.set(name, { ...groups.get(name), [path]: item });
  }
  const names = [...groups.keys()].sort();
  const files = new Map<string, string>();
  for (const name of names) files.set(`${name}.ts`, await renderPaths(doc, groups.get(name) ?? {}));
  files.set('components.ts', banner + (await renderInterface(referencedSchemas(doc), 'components')));
  const alias = (n: string): string => n.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  files.set(
    'index.ts',
    banner +
      names.map((n) => `import type { paths as ${alias(n)} } from './${n}';\n`).join('') +
      `\n/** Every route of the hub's API. */\nexport type paths = ${names.map(alias).join(' & ')};\n`,
  );
  return files;
}
