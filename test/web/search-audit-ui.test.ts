/**
 * The privacy side of search in the demo, in Chromium, with noise on (CIE_PRIVACY_EPSILON): a
 * researcher's search page shows the privacy budget left per site; an admin opens that search
 * from the audit log and sees who ran it, from where, the normalised query and every site's
 * released answer; the researcher cannot open the audit view, by page or by API.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningDemo } from '../../src/demo/demo.js';
import { demoPassword, demoSites } from '../../src/demo/demo-sites.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { useTestDemo } from '../support/demo.js';

const sites = demoSites.slice(0, 1);

async function waitOnline(demo: RunningDemo): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${demo.url}/api/v1/nodes`, {
      headers: { authorization: `Bearer ${demo.adminToken}` },
    });
    const { nodes } = (await res.json()) as { nodes: Array<{ online: boolean }> };
    if (nodes.some((n) => n.online)) return;
    if (Date.now() > deadline) throw new Error('the demo node did not come online');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as').waitFor();
}

describe('search privacy in the browser', () => {
  const demo = useTestDemo({
    sites,
    patients: 30,
    env: { CIE_PRIVACY_EPSILON: '0.5', CIE_HUB_PRIVACY_BUDGET_EPSILON: '5' },
    ready: (d) => waitOnline(d),
  });
  let browser: Browser | undefined;
  after(async () => {
    await browser?.close();
  });

  it(
    'shows the privacy budget left, and lets an admin (only) open the search from the audit log',
    { skip: !browserAvailable() && 'chromium is not installed' },
    async () => {
      browser = await launchBrowser();
      const researcher = await browser.newPage();
      await signIn(researcher, demo().url, 'researcher@demo.cie');
      await researcher.getByRole('link', { name: 'Search' }).click();
      await researcher.getByRole('heading', { name: 'Search' }).waitFor();
      await researcher.getByTestId('criterion-1-1').getByLabel('female', { exact: true }).check();
      await researcher.getByRole('button', { name: 'Search all sites' }).click();
      await researcher
        .getByTestId('search-totals')
        .getByText('from 1 of 1 sites')
        .waitFor({ timeout: 20_000 });
      const id = new URL(researcher.url()).searchParams.get('id');
      assert.ok(id);
      // one site, whole site + its published datasets, each a new question at ε 0.5
      const budget = researcher.getByTestId('privacy-budget');
      await budget.getByText(/Privacy budget left for the next 24 h: .* ε [\d.]+ of 5/).waitFor();

      // the researcher cannot open the auditor's view of a search, not even their own
      await researcher.goto(`${demo().url}/admin/searches/${id}`);
      await researcher.getByRole('alert').getByText('You do not have access to this page.').waitFor();
      const api = await researcher.request.get(`${demo().url}/api/v1/admin/searches/${id}`);
      assert.equal(api.status(), 403);

      const admin = await browser.newPage();
      await signIn(admin, demo().url, 'admin@demo.cie');
      await admin.goto(`${demo().url}/admin/audit`);
      await admin.getByRole('link', { name: `search:${id}` }).click();
      const record = admin.getByTestId('audited-search');
      await record.getByText('Rita Researcher <researcher@demo.cie>').waitFor();
      await record.getByText('127.0.0.1').waitFor();
      assert.match((await admin.getByTestId('normalised-query').textContent()) ?? '', /"type": "EQUALS"/);
      await admin.getByTestId('search-totals').getByText('from 1 of 1 sites').waitFor();
      await researcher.close();
      await admin.close();
    },
  );
});
