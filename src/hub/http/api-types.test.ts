import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { apiTypesPath, hubOpenApiDocument, renderApiTypes } from './api-types.js';

describe('web API types', () => {
  it('match the routes the hub serves (run `npm run api:types` after changing a route schema)', async () => {
    const expected = await renderApiTypes(await hubOpenApiDocument());
    assert.ok(expected.includes('"/api/v1/catalogue/datasets"'), 'the catalogue routes are in the document');
    assert.equal(readFileSync(apiTypesPath, 'utf8'), expected, `${apiTypesPath} is out of date`);
  });
});
