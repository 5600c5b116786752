/**
 * Federated search end to end in the demo (a hub and two site nodes in one process, nodes over
 * the real tunnel): the API answers a search from both nodes, and in Chromium a researcher
 * builds "Gender is female" on the Search page, searches all sites and sees both sites' rows
 * (whole site and each published dataset), totals and breakdowns, its budget, then finds the
 * search in the history, re-opens it (also by its link) and loads its query back.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { RunningDemo } from '../../src/demo/demo.js';
import { demoPassword, demoSites } from '../../src/demo/demo-sites.js';
import { fieldKeys } from '../../src/model/codes.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { useTestDemo } from '../support/demo.js';
import { femaleQuery } from '../support/search-queries.js';

const sites = demoSites.slice(0, 2);

interface NodeResult {
  node_name: string;
  state: string;
  answer: { provider: string; collections: Array<{ subjects_count: number | string }> } | null;
}

/** The demo's nodes dial the hub in the background: wait until all are online. */
async function waitOnline(demo: RunningDemo, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${demo.url}/api/v1/nodes`, {
      headers: { authorization: `Bearer ${demo.adminToken}` },
    });
    const { nodes } = (await res.json()) as { nodes: Array<{ online: boolean }> };
    if (nodes.filter((n) => n.online).length >= count) return;
    if (Date.now() > deadline) throw new Error('demo nodes did not come online');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Read a Server-Sent Events stream to its `done` event; the events in order. */
async function readEvents(res: Response): Promise<Array<{ event: string; data: unknown }>> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? 'null';
      return { event, data: JSON.parse(data) as unknown };
    });
}

describe('federated search in the demo', () => {
  const demo = useTestDemo({
    sites,
    patients: 30,
    // A small hourly budget, so the browser test reaches it.
    env: { CIE_HUB_SEARCHES_PER_HOUR: '3' },
    ready: (d) => waitOnline(d, sites.length),
  });
  let browser: Browser | undefined;
  after(async () => {
    await browser?.close();
  });

  it('answers a search over the API from both nodes, streamed then stored', async () => {
    const auth = { authorization: `Bearer ${demo().adminToken}` };
    const fields = await fetch(`${demo().url}/api/v1/search/fields`);
    assert.equal(fields.status, 200);
    const catalogue = (await fields.json()) as {
      fields: Array<{ key: string; codes: Array<{ label: string }> }>;
    };
    const sex = catalogue.fields.find((f) => f.key === fieldKeys.sex);
    assert.ok(sex?.codes.some((c) => c.label === 'female'));

    const start = await fetch(`${demo().url}/api/v1/searches`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query: femaleQuery }),
    });
    assert.equal(start.status, 201);
    const { id, events } = (await start.json()) as { id: string; events: string };

    const stream = await fetch(`${demo().url}${events}`, { headers: auth });
    assert.equal(stream.status, 200);
    const got = await readEvents(stream);
    assert.equal(got.at(-1)?.event, 'done');
    const results = got.filter((e) => e.event === 'result').map((e) => e.data as NodeResult);
    assert.deepEqual(results.map((r) => r.node_name).sort(), sites.map((s) => s.slug).sort());
    for (const r of results) {
      assert.equal(r.state, 'answered', `${r.node_name} answered`);
      assert.equal(r.answer?.provider, r.node_name);
      assert.ok((r.answer?.collections.length ?? 0) > 0);
    }

    const view = await fetch(`${demo().url}/api/v1/searches/${id}`, { headers: auth });
    const stored = (await view.json()) as { status: string; nodes: NodeResult[] };
    assert.equal(stored.status, 'done');
    assert.deepEqual(
      stored.nodes.map((n) => n.state),
      ['answered', 'answered'],
    );

    const anonymous = await fetch(`${demo().url}/api/v1/searches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: femaleQuery }),
    });
    assert.equal(anonymous.status, 401);
  });

  it(
    'lets a researcher build a query, search all sites and see both sites answer',
    { skip: !browserAvailable() && 'chromium is not installed' },
    async () => {
      browser = await launchBrowser();
      const page = await browser.newPage();
      await page.goto(`${demo().url}/sign-in`);
      await page.getByLabel('E-mail').fill('researcher@demo.cie');
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as').waitFor();
      await page.getByRole('link', { name: 'Search' }).click();
      await page.getByRole('heading', { name: 'Search' }).waitFor();

      const criterion = page.getByTestId('criterion-1-1');
      await criterion.getByLabel('female', { exact: true }).check();
      assert.match((await page.getByTestId('query-text').textContent()) ?? '', /Gender is female/);
      await page.getByRole('button', { name: 'Search all sites' }).click();

      for (const site of sites) {
        const row = page.getByTestId(`site-${site.slug}`).first();
        await row.getByText('answered').waitFor({ timeout: 20_000 });
      }
      await page.getByTestId('search-totals').getByText('from 2 of 2 sites').waitFor();
      assert.doesNotMatch((await page.getByTestId('search-totals').textContent()) ?? '', /searching/);
      // The sex breakdown of a female-only query shows female and no male.
      const sexChart = page.getByRole('img', { name: 'Sex (subjects)' });
      await sexChart.waitFor();
      const chartText = (await sexChart.textContent()) ?? '';
      assert.match(chartText, /female/);
      assert.doesNotMatch(chartText, /\bmale/);

      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download report' }).click();
      const file = await downloading;
      assert.match(file.suggestedFilename(), /^search-.*\.json$/);

      // Each site answers for itself and for each published dataset, on rows of their own.
      const first = page.getByTestId(`site-${sites[0]?.slug ?? ''}`);
      await first.filter({ hasText: 'whole site' }).waitFor();
      assert.ok((await first.filter({ hasText: 'dataset' }).count()) >= 1, 'a row per published dataset');
      // Nothing runs any more: no Cancel; the budget says what is left this hour.
      assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0);
      await page.getByTestId('search-budget').getByText('2 of 3 searches left this hour').waitFor();

      // The search is in the URL and in the history: time, query, sites answered.
      const id = new URL(page.url()).searchParams.get('id');
      assert.ok(id, 'the open search is in the URL');
      const past = page.getByTestId(`history-${id}`);
      await past.getByText('Gender is female').waitFor();
      await past.getByText('2 / 2').waitFor();

      // A fresh Search page, another query in the builder; re-open the past search from the history.
      await page.goto(`${demo().url}/search`);
      await page.getByRole('heading', { name: 'Search' }).waitFor();
      assert.equal(await page.getByTestId('search-totals').count(), 0);
      await page.getByTestId('criterion-1-1').getByLabel('male', { exact: true }).check();
      await page.getByTestId(`history-${id}`).getByRole('link').click();
      await page.getByTestId('search-totals').getByText('from 2 of 2 sites').waitFor();
      assert.match((await page.getByTestId('opened-search').textContent()) ?? '', /Gender is female/);
      assert.equal(new URL(page.url()).searchParams.get('id'), id);
      assert.match((await page.getByTestId('query-text').textContent()) ?? '', /Gender is male/);
      await page.getByTestId(`history-${id}`).getByRole('button', { name: 'Load query' }).click();
      assert.match((await page.getByTestId('query-text').textContent()) ?? '', /Query: Gender is female$/);

      // The link alone opens the stored result.
      await page.goto(`${demo().url}/search?id=${id}`);
      await page.getByTestId('search-totals').getByText('from 2 of 2 sites').waitFor();

      // The budget runs out: the refusal says when to try again, not a generic error.
      for (const left of [1, 0]) {
        await page.getByRole('button', { name: 'Search all sites' }).click();
        await page.getByTestId('search-budget').getByText(`${left} of 3 searches left this hour`).waitFor();
        await page.getByTestId('search-totals').getByText('from 2 of 2 sites').waitFor();
      }
      await page.getByRole('button', { name: 'Search all sites' }).click();
      await page
        .getByRole('alert')
        .getByText(/You have used all your searches for this hour\. Try again in \d+ min \(at /)
        .waitFor();
      await page.close();
    },
  );
});
