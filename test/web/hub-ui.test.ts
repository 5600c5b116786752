/**
 * The web app in a real browser (Debian's Chromium): sign in as the demo admin, see the demo
 * nodes online on the Nodes page, create an API token, sign out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { demoPassword, demoSites } from '../../src/demo/demo-sites.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { useTestDemo } from '../support/demo.js';

describe('web app in Chromium', { skip: !browserAvailable() && 'chromium is not installed' }, () => {
  const demo = useTestDemo({ sites: demoSites.slice(0, 2), patients: 10 });
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('signs in, shows the nodes online, creates an API token, signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo().url}/admin/nodes`);
    // Not signed in: sent to the sign-in page.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').fill('admin@demo.cie');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /password|e-mail/i);

    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Nodes' }).waitFor();
    for (const site of demoSites.slice(0, 2)) {
      const row = page.getByTestId(`node-${site.slug}`);
      await row.getByText('online').waitFor({ timeout: 15_000 });
    }
    assert.match((await page.locator('main').textContent()) ?? '', /2 of 2 nodes online/);

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Token name').fill('ui-test');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())?.trim() ?? '';
    assert.match(token, /^cie_/);
    const me = await fetch(`${demo().url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${demo().url}/admin/nodes`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  it('refuses the admin pages to a researcher', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo().url}/sign-in`);
    await page.getByLabel('E-mail').fill('researcher@demo.cie');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Nodes' }).count(), 0);
    await page.goto(`${demo().url}/admin/nodes`);
    await page.getByText('You do not have access to this page.').waitFor();
    await page.close();
  });

  it('says why signing in with an institution failed, without echoing the URL', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo().url}/sign-in?oidcError=UNAUTHENTICATED`);
    assert.match((await page.getByRole('alert').textContent()) ?? '', /failed or took too long/);
    await page.goto(`${demo().url}/sign-in?oidcError=${encodeURIComponent('Call +1 555 0100 now')}`);
    const text = (await page.getByRole('alert').textContent()) ?? '';
    assert.equal(text, 'Signing in with your institution failed.');
    await page.close();
  });
});
