/**
 * The public catalogue pages in Chromium, signed out: search, filter by two facets, open a
 * dataset with its charts, citation and DCAT downloads, and the dashboard totals. Records are
 * stored with the catalogue's own service (as a node push would store them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  parseDatasetMetadata,
  type DatasetMetadata,
  type DatasetMetadataInput,
} from '../../src/model/dataset-metadata.js';
import type { ReleasedFigures } from '../../src/model/released-figures.js';
import { exampleRecord } from '../../src/model/dcat/fixtures.js';
import { receiveNodeRecord } from '../../src/hub/catalogue/catalogue.service.js';
import { cataloguePlugin } from '../../src/hub/catalogue/catalogue.plugin.js';
import { webAppPlugin } from '../../src/hub/web/web.plugin.js';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { placeholderFigures } from '../support/catalogue-record.js';
import { statsKeys } from '../../src/model/dataset-tasks.js';

const CT = 'RID10321';
const lungCancer = 'SNOMEDCT363358000';
const open = (o: Partial<DatasetMetadataInput>): Partial<DatasetMetadataInput> => ({
  accessRights: 'PUBLIC',
  licence: 'CC_BY_4_0',
  dataUse: { permission: 'DUO:0000042', modifiers: [{ code: 'DUO:0000046' }] },
  distributions: [{ accessCondition: 'DOWNLOAD', accessUrl: 'https://data.example.org/d.zip' }],
  ...o,
});

const seeds: Array<{ org: 'oslo' | 'valencia'; record: Partial<DatasetMetadataInput> }> = [
  { org: 'oslo', record: {} }, // prostate MR, 412 subjects, 455 studies
  {
    org: 'oslo',
    record: open({
      identifier: 'oslo-lung-ct',
      description: 'Low-dose chest CT from the national lung screening pilot.',
      title: 'Lung CT screening, Oslo',
      keywords: ['lung cancer', 'CT'],
      conditions: [lungCancer],
      modalities: [CT],
      bodyParts: ['SNOMEDCT39607008'],
      numberOfUniqueIndividuals: 300,
      numberOfRecords: 320,
      sexes: ['M', 'F'],
    }),
  },
  {
    org: 'oslo',
    record: open({
      identifier: 'oslo-breast-mg',
      description: 'Screening mammograms with biopsy-confirmed outcomes.',
      title: 'Breast screening mammography, Oslo',
      keywords: ['breast cancer', 'mammography'],
      conditions: ['SNOMEDCT254837009'],
      modalities: ['RID10357'],
      bodyParts: ['SNOMEDCT76752008'],
      numberOfUniqueIndividuals: 200,
      numberOfRecords: 210,
      sexes: ['F'],
    }),
  },
  {
    org: 'valencia',
    record: {
      identifier: 'valencia-prostate-mr',
      description: 'Multiparametric prostate MR with biopsy results.',
      title: 'Prostate MR, La Fe Valencia',
      publisher: { name: 'Hospital La Fe' },
      numberOfUniqueIndividuals: 150,
      numberOfRecords: 160,
    },
  },
  {
    org: 'valencia',
    record: open({
      identifier: 'valencia-lung-ct',
      description: 'Follow-up chest CT of treated lung tumours.',
      title: 'Lung CT follow-up, La Fe Valencia',
      publisher: { name: 'Hospital La Fe' },
      keywords: ['lung cancer'],
      conditions: [lungCancer],
      modalities: [CT],
      bodyParts: ['SNOMEDCT39607008'],
      numberOfUniqueIndividuals: 100,
      numberOfRecords: 130,
      sexes: ['M', 'F'],
    }),
  },
  {
    org: 'valencia',
    record: open({
      identifier: 'valencia-colon-ct',
      description: 'CT colonography with polyp annotations.',
      title: 'Colon CT colonography, La Fe Valencia',
      publisher: { name: 'Hospital La Fe' },
      keywords: ['colon cancer', 'CT colonography'],
      conditions: ['SNOMEDCT363406005'],
      modalities: [CT],
      bodyParts: ['SNOMEDCT71854001'],
      numberOfUniqueIndividuals: 50,
      numberOfRecords: 55,
      minTypicalAge: 50,
      maxTypicalAge: 75,
      sexes: ['M', 'F'],
    }),
  },
];

/** Released figures as a node would send them for a seed: rounded counts, shown breakdowns. */
function figuresOf(m: DatasetMetadata): ReleasedFigures {
  const n = m.numberOfUniqueIndividuals ?? 0;
  const studies = m.numberOfRecords ?? 0;
  const all = (codes: string[] | undefined) => (codes ?? []).map((value) => ({ value, subjects: n }));
  return {
    ...placeholderFigures,
    subjects: n,
    studies,
    // Three series of 40 images of 0.5 MB per study.
    series: studies * 3,
    instances: studies * 120,
    sizeBytes: studies * 120 * 500_000,
    typicalAge:
      m.minTypicalAge !== undefined && m.maxTypicalAge !== undefined
        ? { min: m.minTypicalAge, max: m.maxTypicalAge }
        : null,
    ageBands: [
      { min: 50, max: 59, subjects: n - 20 },
      { min: 60, max: 69, subjects: 20 },
    ],
    sexes: (m.sexes ?? []).map((value, i) => ({ value, subjects: i === 0 ? n - 20 : 20 })),
    conditions: all(m.conditions),
    modalities: all(m.modalities),
    bodyParts: all(m.bodyParts),
  };
}

async function resultCount(page: Page, expected: string): Promise<void> {
  try {
    await page.getByTestId('result-count').getByText(expected, { exact: true }).waitFor({ timeout: 10_000 });
  } catch {
    const shown = await page.getByTestId('result-count').textContent();
    assert.fail(`expected "${expected}", the page shows "${shown}" at ${page.url()}`);
  }
}

describe(
  'public catalogue pages in Chromium',
  { skip: !browserAvailable() && 'chromium is not installed' },
  () => {
    let hub: TestHub;
    const orgs: Record<string, number> = {};
    let browser: Browser;

    before(async () => {
      [hub, browser] = await Promise.all([
        startTestHub({ plugins: [cataloguePlugin, webAppPlugin] }),
        launchBrowser(),
      ]);
      for (const [slug, country] of [
        ['oslo', 'NO'],
        ['valencia', 'ES'],
      ] as const) {
        const row = await hub.db
          .insertInto('organisation')
          .values({ slug, name: slug, country })
          .returning('id')
          .executeTakeFirstOrThrow();
        orgs[slug] = Number(row.id);
      }
      for (const s of seeds) {
        const metadata = parseDatasetMetadata(exampleRecord(s.record));
        await receiveNodeRecord(hub.db, orgs[s.org] ?? 0, {
          identifier: metadata.identifier,
          revision: 1,
          state: 'published',
          metadata,
          figures: figuresOf(metadata),
          updatedAt: new Date().toISOString(),
        });
      }
    });

    after(async () => {
      await browser?.close();
      await hub?.close();
    });

    it('searches, filters by two facets, and keeps the search in the URL', async () => {
      const page = await browser.newPage();
      await page.goto(`${hub.url}/catalogue`);
      await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
      await resultCount(page, '6 datasets');

      await page.getByLabel('Search datasets').fill('prostate');
      await page.getByRole('button', { name: 'Search' }).click();
      await resultCount(page, '2 datasets');
      assert.match(page.url(), /[?&]q=prostate/);
      const titles = await page.locator('.result-list h4').allTextContents();
      assert.deepEqual(titles.sort(), [
        'Prostate MR, La Fe Valencia',
        'Prostate MR, Oslo University Hospital, 2015-2023',
      ]);

      await page.getByLabel('Search datasets').fill('');
      await page.getByRole('button', { name: 'Search' }).click();
      await resultCount(page, '6 datasets');
      // Facets show labels with counts, not codes.
      await page.getByLabel('Computed Tomography (3)').check();
      await resultCount(page, '3 datasets');
      await page.getByLabel('Spain (').check();
      await resultCount(page, '2 datasets');
      assert.match(page.url(), new RegExp(`modality=${CT}`));
      assert.match(page.url(), /country=ES/);
      const rows = await page.locator('.result-list li').allTextContents();
      assert.equal(rows.length, 2);
      for (const r of rows) {
        assert.match(r, /Hospital La Fe · Spain/);
        assert.match(r, /Computed Tomography/);
      }

      // The URL is the search: opening it again gives the same results.
      const again = await browser.newPage();
      await again.goto(page.url());
      await resultCount(again, '2 datasets');
      assert.equal(await again.getByLabel('Computed Tomography (').isChecked(), true);
      await again.close();
      await page.close();
    });

    it('shows a dataset with charts, citation and DCAT downloads', async () => {
      const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
      const page = await context.newPage();
      await page.goto(`${hub.url}/catalogue?q=colonography`);
      await resultCount(page, '1 dataset');
      await page.getByRole('link', { name: 'Colon CT colonography, La Fe Valencia' }).click();
      await page.getByRole('heading', { level: 2, name: 'Colon CT colonography, La Fe Valencia' }).waitFor();
      assert.match(page.url(), /\/datasets\/valencia\.valencia-colon-ct$/);
      const main = (await page.locator('main').textContent()) ?? '';
      assert.match(main, /Subjects\s*50/);
      assert.match(main, /Studies\s*55/);
      assert.equal(await page.getByTestId('number-series').textContent(), '165');
      assert.equal(await page.getByTestId('number-images').textContent(), (6600).toLocaleString('en-US'));
      assert.equal(await page.getByTestId('number-size').textContent(), '3.3 GB');
      assert.match(main, /CC BY 4\.0/);
      assert.match(main, /GRU general research use/);
      assert.match(main, /NCU non-commercial use only/);
      assert.match(main, /Colon Cancer/);
      assert.equal(await page.getByTestId('number-typical-age').textContent(), '50–75');
      // Real distributions: subjects per age band and per sex, as released.
      const ages = page.getByRole('img', { name: 'Subjects by age (years)' });
      assert.match((await ages.getAttribute('aria-label')) ?? '', /50–59 30, 60–69 20/);
      const sexes = page.getByRole('img', { name: 'Subjects by sex' });
      assert.match((await sexes.getAttribute('aria-label')) ?? '', /Male 30, Female 20/);
      assert.doesNotMatch(main, /✓/);
      // Long labels stay in their column: no label's box reaches its bar.
      const overlaps =
        await page.evaluate(`[...document.querySelectorAll('svg[role="img"] g')].filter((g) => {
        const label = g.querySelector('.chart-label'), bar = g.querySelector('.chart-bar');
        return label.getBBox().x + label.getBBox().width > bar.getBBox().x;
      }).length`);
      assert.equal(overlaps, 0);
      assert.match((await page.getByTestId('figures-note').textContent()) ?? '', /counts below 10 show as/);

      await page.getByRole('button', { name: 'Copy citation' }).click();
      await page.getByTestId('copy-status').waitFor();
      const clip = await page.evaluate('navigator.clipboard.readText()');
      assert.equal(typeof clip, 'string');
      assert.match(
        String(clip),
        /^Hospital La Fe \(2024\)\. Colon CT colonography, La Fe Valencia \(Version 1\.2\)/,
      );
      assert.match(String(clip), /\/catalogue\/datasets\/valencia\.valencia-colon-ct$/);

      const ttlHref = await page.getByRole('link', { name: 'Download DCAT (Turtle)' }).getAttribute('href');
      const ttl = await fetch(`${hub.url}${ttlHref ?? ''}`);
      assert.equal(ttl.status, 200);
      assert.match(ttl.headers.get('content-type') ?? '', /text\/turtle/);
      assert.match(await ttl.text(), /Colon CT colonography/);
      const jsonldHref = await page
        .getByRole('link', { name: 'Download DCAT (JSON-LD)' })
        .getAttribute('href');
      const jsonld = await fetch(`${hub.url}${jsonldHref ?? ''}`);
      assert.match(jsonld.headers.get('content-type') ?? '', /application\/ld\+json/);
      await context.close();
    });

    it('shows the dashboard totals and charts, also on a phone', async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
      await page.goto(hub.url);
      await page.getByTestId('total-datasets').getByText('6', { exact: true }).waitFor();
      const subjects = 412 + 300 + 200 + 150 + 100 + 50;
      const studies = 455 + 320 + 210 + 160 + 130 + 55;
      assert.equal(await page.getByTestId('total-subjects').textContent(), subjects.toLocaleString('en-US'));
      assert.equal(await page.getByTestId('total-studies').textContent(), studies.toLocaleString('en-US'));
      assert.equal(
        await page.getByTestId('total-images').textContent(),
        (studies * 120).toLocaleString('en-US'),
      );
      for (const name of ['Cancer type', 'Modality', 'Body part', 'Country']) {
        assert.equal(await page.getByRole('img', { name }).count(), 1, `${name} chart`);
      }
      const country = (await page.getByRole('img', { name: 'Country' }).textContent()) ?? '';
      assert.match(country, /Norway.*912.*Spain.*300/);
      // Phone layout: the navigation folds behind a Menu button.
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogue' }).click();
      await resultCount(page, '6 datasets');
      await page.close();
    });

    it('shows a small dataset without its size, ages or make-up, and says what exact figures expose', async () => {
      const push = (identifier: string, figures: ReleasedFigures, o: Partial<DatasetMetadataInput> = {}) => {
        const metadata = parseDatasetMetadata(
          exampleRecord({ identifier, title: `Dataset ${identifier}`, ...o }),
        );
        const released: Partial<DatasetMetadata> = { ...metadata };
        for (const k of statsKeys) delete released[k];
        return receiveNodeRecord(hub.db, orgs.valencia ?? 0, {
          identifier,
          revision: 1,
          state: 'published',
          metadata: parseDatasetMetadata({ ...released, ...o }),
          figures,
          updatedAt: new Date().toISOString(),
        });
      };
      // Like the demo's glioblastoma dataset of 6 patients: everything hidden.
      await push('valencia-glioblastoma', placeholderFigures);
      const page = await browser.newPage();
      await page.goto(`${hub.url}/datasets/valencia.valencia-glioblastoma`);
      await page.getByTestId('figures-hidden').waitFor();
      assert.equal(await page.getByTestId('number-subjects').textContent(), '< 10');
      assert.equal(await page.getByTestId('number-studies').textContent(), '< 10');
      assert.equal(await page.getByTestId('number-typical-age').count(), 0);
      assert.equal(await page.locator('svg[role="img"]').count(), 0, 'no chart of a hidden group');
      assert.equal(await page.getByRole('heading', { name: 'Make-up' }).count(), 0);

      await push(
        'valencia-exact',
        {
          ...placeholderFigures,
          publication: 'exact',
          subjects: 6,
          studies: 7,
          sexes: [{ value: 'F', subjects: 6 }],
        },
        { numberOfUniqueIndividuals: 6, numberOfRecords: 7, sexes: ['F'] },
      );
      await page.goto(`${hub.url}/datasets/valencia.valencia-exact`);
      await page.getByTestId('figures-note').waitFor();
      assert.equal(await page.getByTestId('number-subjects').textContent(), '6');
      assert.match((await page.getByTestId('figures-note').textContent()) ?? '', /exactly.*single person/s);
      assert.match(
        (await page.getByRole('img', { name: 'Subjects by sex' }).getAttribute('aria-label')) ?? '',
        /Female 6/,
      );
      await page.close();
    });
  },
);
