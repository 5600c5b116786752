// Writes web/src/api-types.ts from the hub's OpenAPI document: `npm run api:types`.
import { writeFileSync } from 'node:fs';
import { apiTypesPath, hubOpenApiDocument, renderApiTypes } from '../src/hub/http/api-types.js';

writeFileSync(apiTypesPath, await renderApiTypes(await hubOpenApiDocument()));
console.log(`wrote ${apiTypesPath}`);
