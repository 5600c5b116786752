/**
 * Lens sends the session cookie but neither a CSRF header nor Authorization: the Spot POST takes
 * the cookie when the request comes from the configured Lens origin, and only then.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type TestHub } from '../../../test/support/hub.js';
import { capturedModalityMr } from '../../../test/support/search-queries.js';
import { tunnelFeature } from '../tunnel/tunnel.feature.js';
import { searchFeature } from './search.feature.js';

const LENS_ORIGIN = 'https://lens.example.org';
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64');

describe('Spot routes with a session cookie from the Lens origin', () => {
  let hub: TestHub;
  let cookie: string;
  before(async () => {
    hub = await startTestHub({
      config: { spotOrigin: LENS_ORIGIN },
      plugins: [tunnelFeature, searchFeature],
    });
    const s = await (await hub.createUser()).newSession();
    cookie = `cie_session=${s.id}`;
  });
  after(() => hub.close());

  const post = (origin: string | undefined): Promise<Response> => {
    const id = randomUUID();
    const query = b64({ lang: 'ast', query: b64({ ast: capturedModalityMr, id: `${id}__search__x` }) });
    return fetch(`${hub.url}/api/v1/spot/beam`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...(origin ? { origin } : {}) },
      body: JSON.stringify({ id, query }),
    });
  };

  it('accepts the cookie without a CSRF header from the Lens origin, refuses it from any other', async () => {
    // Signed in and past the CSRF check: the search itself is what answers (no node enrolled here).
    const lens = await post(LENS_ORIGIN);
    assert.equal(lens.status, 400);
    assert.match(((await lens.json()) as { error: { message: string } }).error.message, /no node to search/);
    assert.equal(lens.headers.get('access-control-allow-origin'), LENS_ORIGIN);
    for (const origin of ['https://evil.example', undefined]) {
      const r = await post(origin);
      assert.equal(r.status, 403, `origin ${origin ?? '(none)'}`);
      assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'CSRF_FAILED');
    }
  });
});
