/**
 * The jobs story in a real browser against a real hub and node: a researcher opens "Run a tool",
 * picks the QC tool and two granted datasets, sets a parameter and runs it; the job page shows the
 * site's status live (held), a representative releases the held summary in "Airlock review"
 * (two reviewers), and the researcher's page then shows the released metrics and the pooled result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hubConfig } from '../../src/config/hub-config.js';
import { createSession } from '../../src/hub/identity/session.repository.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { startJobsWorld, type JobsWorld } from './jobs-world.js';

const timeout = 30_000;

describe('jobs in the browser', { skip: !browserAvailable() && 'chromium is not installed' }, () => {
  let w: JobsWorld;
  let browser: Browser;
  before(async () => {
    [w, browser] = await Promise.all([startJobsWorld(), launchBrowser()]);
  });
  after(async () => {
    await browser.close();
    await w.close();
  });

  async function pageAs(userId: number): Promise<Page> {
    const s = await createSession(w.hub.db, userId, hubConfig());
    const context = await browser.newContext();
    const { hostname } = new URL(w.url);
    await context.addCookies([
      { name: 'cie_session', value: s.id, domain: hostname, path: '/' },
      { name: 'cie_csrf', value: s.csrfToken, domain: hostname, path: '/' },
    ]);
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    return page;
  }

  it('runs a tool, follows it live, and sees results after the airlock review', async () => {
    const researcher = await w.newUser();
    await w.grant(researcher.id, w.entries.a.id);
    await w.grant(researcher.id, w.entries.b.id);
    const page = await pageAs(researcher.id);
    await page.goto(`${w.url}/jobs/run`);
    await page.getByLabel('Tool').selectOption({ label: 'Dataset quality control 1.0.0' });
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByLabel(/gapFactor/).fill('2');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/\/jobs\/\d+$/);
    const site = page.getByTestId(/^site-/);
    await site.getByText('held').waitFor();
    await page.getByTestId('job-status').getByText('done').waitFor();
    const jobId = Number(new URL(page.url()).pathname.split('/').pop());

    for (let i = 0; i < 2; i++) {
      const rep = await w.representative();
      const review = await pageAs(rep.id);
      await review.goto(`${w.url}/jobs/airlock`);
      const held = review.getByTestId('held-summary.json').filter({ hasText: `Job ${jobId}` });
      await held.getByRole('button', { name: 'View content' }).click();
      await held.getByRole('rowheader', { name: 'seriesWithIssues' }).waitFor();
      await held.getByRole('button', { name: 'Release' }).click();
      await review
        .getByRole('status')
        .getByText(i === 0 ? /1 of 2/ : /released/)
        .waitFor();
      await review.context().close();
    }

    await page.reload();
    await page.getByRole('heading', { name: /Pooled over 1 site/ }).waitFor();
    await page.getByRole('heading', { name: /summary\.json/ }).waitFor();
    assert.equal(await page.getByRole('img', { name: 'series per site' }).count(), 1);
  });
});
