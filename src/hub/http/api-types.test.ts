import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apiTypesDir, hubOpenApiDocument, renderApiTypes } from './api-types.js';

describe('web API types', () => {
  it('match the routes the hub serves (run `npm run api:types` after changing a route schema)', async () => {
    const expected = await renderApiTypes(await hubOpenApiDocument());
    assert.ok(
      expected.get('catalogue.ts')?.includes('"/api/v1/catalogue/datasets"'),
      'the catalogue routes are there',
    );
    assert.deepEqual(
      readdirSync(apiTypesDir).sort(),
      [...expected.keys()].sort(),
      `${apiTypesDir} holds other files`,
    );
    for (const [name, text] of expected)
      assert.equal(
        readFileSync(join(apiTypesDir, name), 'utf8'),
        text,
        `${apiTypesDir}/${name} is out of date`,
      );
  });
});
