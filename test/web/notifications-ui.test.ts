/**
 * Notifications in the browser: the bell in the header counts a user's unread notifications, the
 * notifications page lists them and opening one marks it read and follows its link; the demo's
 * outbox page shows admins the queued mails and is closed to others.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  createNotifications,
  type Notifications,
} from '../../src/hub/notifications/notifications.service.js';
import { hubConfig } from '../../src/config/hub-config.js';
import { hubFeatures } from '../../src/hub/features.js';
import { createLogger } from '../../src/log.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestHub, type TestHub } from '../support/hub.js';

const password = 'a long test password';

describe('notifications in Chromium', { skip: !browserAvailable() && 'chromium is not installed' }, () => {
  let hub: TestHub;
  let n: Notifications;
  let browser: Browser;

  before(async () => {
    hub = await startTestHub({ plugins: hubFeatures });
    n = createNotifications(hub.db, hubConfig().mail, createLogger('silent'));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await n?.stop();
    await hub?.close();
  });

  async function signIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hub.url}/sign-in`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    return page;
  }

  it('shows the unread count, lists notifications and marks them read', async () => {
    const ana = await hub.createUser({ email: 'ana-ui@example.org', password });
    await n.notifier.notify({
      recipients: [ana.id],
      kind: 'k',
      subject: 'Request 1 was submitted',
      text: 'a',
    });
    await n.notifier.notify({
      recipients: [ana.id],
      kind: 'k',
      subject: 'Request 1 is under review',
      text: 'The committee started the review.',
      link: '/account',
    });
    const page = await signIn('ana-ui@example.org');
    const bell = page.getByTestId('notification-bell');
    await page.getByRole('link', { name: 'Notifications: 2 unread' }).waitFor();
    await bell.click();
    const list = page.getByTestId('notifications');
    await list.getByText('The committee started the review.').waitFor();
    assert.match((await list.textContent()) ?? '', /Request 1 was submitted/);
    await list.getByRole('button', { name: /Request 1 is under review/ }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('link', { name: 'Notifications: 1 unread' }).waitFor();
  });

  it('shows admins the outbox and refuses it to others', async () => {
    await hub.createUser({ email: 'admin-ui@example.org', password, roles: ['admin'] });
    const bo = await hub.createUser({ email: 'bo-ui@example.org', password });
    await n.notifier.notify({ recipients: [bo.id], kind: 'k', subject: 'Mail for Bo', text: 'Hello Bo' });
    const admin = await signIn('admin-ui@example.org');
    await admin.getByRole('link', { name: 'Mail outbox' }).click();
    const outbox = admin.getByTestId('outbox');
    await outbox.getByText('Mail for Bo').waitFor();
    assert.match((await outbox.textContent()) ?? '', /To bo-ui@example\.org/);

    const researcher = await signIn('bo-ui@example.org');
    await researcher.goto(`${hub.url}/admin/outbox`);
    await researcher.getByText('You do not have access to this page.').waitFor();
  });
});
