/**
 * In Chromium against the demo: the sign-in page leads to sign-up (open in the demo), the e-mailed
 * link creates the account; the admin's audit page names people and finds them by e-mail and
 * action family.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { demoPassword, demoSites } from '../../src/demo/demo-sites.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { useTestDemo } from '../support/demo.js';

describe('accounts and audit in Chromium', { skip: !browserAvailable() && 'chromium is not installed' }, () => {
  const demo = useTestDemo({ sites: demoSites.slice(0, 1), patients: 10 });
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('signs up from the sign-in page through the e-mailed link', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo().url}/sign-in`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('E-mail').fill('newcomer@example.org');
    await page.getByRole('button', { name: 'E-mail me a link' }).click();
    await page.getByRole('status').getByText(/check your e-mail/).waitFor();

    const outbox = await fetch(`${demo().url}/api/v1/admin/outbox`, {
      headers: { authorization: `Bearer ${demo().adminToken}` },
    });
    const { mails } = (await outbox.json()) as { mails: { to: string; text: string }[] };
    const link = /https?:\/\/\S+\/invitation\?token=[\w-]+|\/invitation\?token=[\w-]+/.exec(
      mails.find((m) => m.to === 'newcomer@example.org')?.text ?? '',
    )?.[0];
    assert.ok(link, 'a link was e-mailed');
    await page.goto(link.startsWith('/') ? `${demo().url}${link}` : link);
    await page.getByText('newcomer@example.org').waitFor();
    await page.getByLabel('Your name').fill('New Comer');
    await page.getByLabel(/^Password/).fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Signed in as').waitFor();
    assert.match((await page.locator('header').textContent()) ?? '', /New Comer/);
    await page.close();
  });

  it('shows the admin who did what, by name and e-mail, filtered by person and action family', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo().url}/sign-in`);
    await page.getByLabel('E-mail').fill('admin@demo.cie');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    await page.goto(`${demo().url}/admin/audit`);
    await page.getByLabel('Person').fill('newcomer@example.org');
    await page.getByLabel('Action').selectOption('account');
    const table = page.getByTestId('audit-records');
    await table.getByText('auth.sign-in').first().waitFor();
    const text = (await table.textContent()) ?? '';
    assert.match(text, /New Comer <newcomer@example.org>/);
    assert.doesNotMatch(text, /admin@demo\.cie/);
    await page.close();
  });
});
