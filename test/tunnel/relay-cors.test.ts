/**
 * CORS on the hub's DICOMweb relay, in a real browser: a page served from another origin (another
 * port) reads a granted dataset with an API token (the Authorization header makes Chromium send a
 * preflight OPTIONS first); a page from an origin not configured is blocked by the browser.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { startRelayWorld, type RelayWorld } from '../support/relay-world.js';

/** A page server: the "viewer" origin. */
async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>viewer</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface Fetched {
  ok: boolean;
  status?: number;
  count?: number;
  warning?: string | null;
  error?: string;
}

describe('DICOMweb relay CORS, from a browser page on another origin', { skip: !browserAvailable() }, () => {
  let w: RelayWorld;
  let browser: Browser;
  let viewer: { server: Server; origin: string };
  let stranger: { server: Server; origin: string };
  let token: string;
  before(async () => {
    [viewer, stranger] = await Promise.all([pageServer(), pageServer()]);
    w = await startRelayWorld({
      seriesPerStudy: 1,
      instancesPerSeries: 2,
      config: { dicomwebCors: { origins: [viewer.origin] } },
    });
    const user = await w.newUser();
    await w.grant(user.id, w.entries.a.id);
    token = user.token;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await w?.close();
    viewer?.server.close();
    stranger?.server.close();
  });

  const fetchFrom = async (origin: string, path: string): Promise<Fetched> => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ url, token }) => {
          try {
            const r = await fetch(url, {
              headers: { authorization: `Bearer ${token}`, accept: 'application/dicom+json' },
            });
            const body = (await r.json()) as unknown[];
            return { ok: true, status: r.status, count: body.length, warning: r.headers.get('warning') };
          } catch (err) {
            return { ok: false, error: String(err) };
          }
        },
        { url: `${w.url}/dicomweb/datasets/${w.entries.a.slug}${path}`, token },
      );
    } finally {
      await page.close();
    }
  };

  it('an allowed origin reads the granted dataset with a token, headers included', async () => {
    const got = await fetchFrom(viewer.origin, '/studies?NoSuchKey=1');
    assert.deepEqual(
      { ok: got.ok, status: got.status, count: got.count },
      { ok: true, status: 200, count: w.studies.a.length },
    );
    assert.match(got.warning ?? '', /NoSuchKey was ignored/);
  });

  it('another origin is blocked by the browser', async () => {
    const got = await fetchFrom(stranger.origin, '/studies');
    assert.equal(got.ok, false);
    assert.match(got.error ?? '', /Failed to fetch/);
  });

  it('the preflight answers 204 with the methods and headers a DICOMweb client sends', async () => {
    const r = await fetch(`${w.url}/dicomweb/datasets/${w.entries.a.slug}/studies`, {
      method: 'OPTIONS',
      headers: {
        origin: viewer.origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, accept',
      },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('access-control-allow-origin'), viewer.origin);
    assert.match(r.headers.get('access-control-allow-headers') ?? '', /authorization/);
    assert.match(r.headers.get('access-control-allow-methods') ?? '', /GET/);
    const refused = await fetch(`${w.url}/dicomweb/datasets/${w.entries.a.slug}/studies`, {
      method: 'OPTIONS',
      headers: { origin: stranger.origin, 'access-control-request-method': 'GET' },
    });
    assert.equal(refused.status, 204);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });
});
