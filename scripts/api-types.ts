// Writes web/src/api-types/ from the hub's OpenAPI document: `npm run api:types`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiTypesDir, hubOpenApiDocument, renderApiTypes } from '../src/hub/http/api-types.js';

const files = await renderApiTypes(await hubOpenApiDocument());
rmSync(apiTypesDir, { recursive: true, force: true });
mkdirSync(apiTypesDir, { recursive: true });
for (const [name, text] of files) writeFileSync(join(apiTypesDir, name), text);
console.log(`wrote ${files.size} files to ${apiTypesDir}`);
