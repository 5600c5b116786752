/**
 * The access story in a browser, in the demo (hub + one site node over the real tunnel, relay
 * included): a researcher puts a dataset in the basket and requests it → the committee starts the
 * review → the site's representative approves → the researcher opens "My grants" and views a
 * series (the image loads) → the representative revokes the grant → the researcher's next look
 * is refused, and the page says so. Each persona has its own browser context (cookies, basket).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningDemo } from '../../src/demo/demo.js';
import { demoPassword, demoSites } from '../../src/demo/demo-sites.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { useTestDemo } from '../support/demo.js';

const site = demoSites[0];
const timeout = 30_000;

async function waitForCatalogue(demo: RunningDemo): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${demo.url}/api/v1/catalogue/datasets`);
    const body = (await res.json()) as { total: number };
    if (body.total > 0) return;
    if (Date.now() > deadline) throw new Error('no dataset reached the catalogue');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('access story: basket → request → review → approval → images → revocation', () => {
  assert.ok(site);
  const demo = useTestDemo({ sites: [site], patients: 12, maxImagesPerSeries: 3, ready: waitForCatalogue });
  let browser: Browser | undefined;
  after(async () => {
    await browser?.close();
  });

  async function signIn(email: string): Promise<Page> {
    assert.ok(browser);
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(timeout);
    await page.goto(`${demo().url}/sign-in`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    return page;
  }

  it('runs the whole story', { skip: !browserAvailable() && 'chromium is not installed' }, async () => {
    assert.ok(site);
    browser = await launchBrowser();

    // Researcher: basket and request.
    const researcher = await signIn('researcher@demo.cie');
    await researcher.goto(`${demo().url}/catalogue`);
    const add = researcher.getByRole('button', { name: /^Add .* to the basket$/ }).first();
    const datasetTitle = ((await add.getAttribute('aria-label')) ?? '').replace(
      /^Add (.*) to the basket$/,
      '$1',
    );
    await add.click();
    await researcher.getByTestId('basket-link').getByText('Basket (1)').waitFor();
    await researcher.getByTestId('basket-link').click();
    await researcher.getByTestId('basket-items').getByText(datasetTitle).waitFor();
    await researcher.getByLabel('Project title').fill('Prostate MRI segmentation');
    await researcher.getByLabel('Project summary').fill('Training and validating a segmentation model.');
    await researcher.getByLabel('Principal investigator').fill('Dr. Ana Example');
    await researcher.getByLabel('Institution', { exact: true }).fill('Example University');
    await researcher.getByLabel('Ethics approval reference').fill('REK 2026/42');
    await researcher.getByLabel(/GRU general research use/).check();
    await researcher.getByRole('button', { name: 'Save draft request' }).click();
    await researcher.getByTestId('request-state').getByText('Draft').waitFor();
    const requestUrl = researcher.url();
    await researcher.getByRole('button', { name: 'Submit request' }).click();
    await researcher.getByTestId('request-state').getByText('Submitted').waitFor();
    assert.equal(await researcher.getByTestId('basket-link').textContent(), 'Basket (0)');

    // Committee: start the review from the inbox.
    const committee = await signIn('committee@demo.cie');
    await committee.getByRole('link', { name: 'Committee inbox' }).click();
    await committee.getByRole('link', { name: /Prostate MRI segmentation/ }).click();
    await committee.getByRole('button', { name: 'Start review' }).click();
    await committee.getByTestId('request-state').getByText('Under review').waitFor();

    // Representative of the site: approve the dataset.
    const rep = await signIn(`rep-${site.slug}@demo.cie`);
    await rep.getByRole('link', { name: 'Representative inbox' }).click();
    await rep.getByRole('link', { name: /Prostate MRI segmentation/ }).click();
    await rep.getByLabel('Conditions of the grant (optional)').fill('Cite the dataset.');
    await rep.getByRole('button', { name: 'Approve' }).click();
    await rep.getByTestId('request-state').getByText('Concluded').waitFor();

    // Researcher: was notified, sees the grant, views a series.
    await researcher.goto(requestUrl);
    await researcher.getByTestId('request-state').getByText('Concluded').waitFor();
    const bell = (await researcher.getByTestId('notification-bell').getAttribute('aria-label')) ?? '';
    assert.match(bell, /Notifications: [1-9]\d* unread/, 'the researcher got notifications');
    await researcher.getByRole('link', { name: 'My grants' }).click();
    await researcher.getByRole('link', { name: 'Browse images' }).click();
    const browseUrl = researcher.url();
    await researcher.locator('table button.link').first().click();
    await researcher
      .getByRole('button', { name: /^View series/ })
      .first()
      .click();
    const image = researcher.getByTestId('viewer-image');
    await image.waitFor();
    // The rendered frame came through the relay and decoded (a string runs in the page).
    await researcher.waitForFunction(
      `(() => { const i = document.querySelector('[data-testid="viewer-image"]'); return !!i && i.complete && i.naturalWidth > 0; })()`,
      undefined,
      { timeout },
    );

    // Representative: revoke the grant.
    rep.once('dialog', (d) => void d.accept('Project ended early.'));
    await rep.getByRole('link', { name: 'My grants' }).click();
    await rep.getByRole('heading', { name: 'Grants on my datasets' }).waitFor();
    await rep.getByRole('button', { name: 'Revoke' }).first().click();
    await rep.getByText('revoked', { exact: true }).waitFor();

    // Researcher: refused from the next request on, and told so.
    await researcher.goto(browseUrl);
    await researcher.getByTestId('access-refused').waitFor();
    assert.match(
      (await researcher.getByTestId('access-refused').textContent()) ?? '',
      /Access refused \(403\)/,
    );

    // Admin: the demo's outbox holds the mails of the story.
    const admin = await signIn('admin@demo.cie');
    await admin.goto(`${demo().url}/admin/outbox`);
    await admin.getByTestId('outbox').locator('li').first().waitFor();
  });
});
