/**
 * Catalogue benchmark: a catalogue of N datasets (default 10,000) on PostgreSQL (DATABASE_URL,
 * default the local test server, in a throw-away schema) or PGlite (--pglite).
 *   1. full-text + two-facet search, p50/p95 of the service call, on the catalogue as nodes now
 *      publish it (figures released under their privacy policy, bench/catalogue-figures.ts) beside
 *      the same catalogue with exact figures (as before), queries interleaved;
 *   2. the search route under 50 concurrent clients (autocannon), errors must be 0;
 *   3. the full DCAT-AP Turtle export streamed over HTTP, peak RSS sampled while it runs.
 * Run: node --import tsx bench/catalogue.ts [--pglite] [--n 10000]
 */
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import type { HubDB } from '../src/db/schema.js';
import { derivedColumns } from '../src/hub/catalogue/catalogue.repository.js';
import { registerCatalogueRoutes } from '../src/hub/catalogue/catalogue.routes.js';
import { searchCatalogue } from '../src/hub/catalogue/catalogue-search.service.js';
import { bodyPartCodes, cancerTypes, modalityCodes } from '../src/model/codes.js';
import { parseDatasetMetadata } from '../src/model/dataset-metadata.js';
import { exampleRecord } from '../src/model/dcat/fixtures.js';
import type { ReleasedCount, ReleasedFigures } from '../src/model/released-figures.js';
import { releasedRecord } from './catalogue-figures.js';

const args = process.argv.slice(2);
const n = Number(args[args.indexOf('--n') + 1] || 10_000) || 10_000;
const pglite = args.includes('--pglite');
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = process.env.BENCH_SCHEMA ?? `bench_${randomBytes(4).toString('hex')}`;

const open = (s: string) =>
  openDatabase<HubDB>(
    pglite
      ? { role: 'hub', name: 'bench', dataDir: '', memory: {} }
      : { role: 'hub', name: 'bench', dataDir: '', databaseUrl: url, schema: s },
  );
// `d`: the catalogue as nodes publish it now (released figures); `e`: the same with exact figures.
const d = await open(schema);
const e = await open(`${schema}_exact`);
const db = d.db;
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

const countries = ['NO', 'ES', 'IT', 'DE', 'FR', 'NL', 'PT', 'GR', 'SE', 'PL'];
const modalities = Object.values(modalityCodes).map((m) => m.code);

async function load(db: Kysely<HubDB>, released: boolean): Promise<void> {
  seed = 42;
  const orgs: Array<{ id: number; slug: string; country: string }> = [];
  for (let i = 0; i < 40; i++) {
    const slug = `provider-${i}`;
    const country = countries[i % countries.length] ?? 'NO';
    const { id } = await db
      .insertInto('organisation')
      .values({ slug, name: `Hospital ${i}`, country })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgs.push({ id, slug, country });
  }
  const cancers = Object.entries(cancerTypes);
  const bodies = Object.values(bodyPartCodes).map((b) => b.code);
  const words = [
    'screening',
    'staging',
    'follow-up',
    'radiomics',
    'biopsy',
    'treatment response',
    'segmentation',
    'AI training',
  ];
  for (let start = 0; start < n; start += 500) {
    const rows = [];
    const figures: Array<ReleasedFigures | undefined> = [];
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const org = pick(orgs);
      const [cancer, c] = pick(cancers);
      const min = 18 + Math.floor(rnd() * 50);
      const m = parseDatasetMetadata(
        exampleRecord({
          identifier: `ds-${i}`,
          title: `${c.label} ${pick(words)} cohort ${i}`,
          description: `Imaging of ${cancer} cancer patients for ${pick(words)} and ${pick(words)}, from ${org.slug}.`,
          keywords: [c.label, pick(words)],
          publisher: { name: `Hospital ${org.slug}`, type: 'NationalAuthority', email: 'd@x.org' },
          accessRights: pick(['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'] as const),
          licence: pick(['CC_BY_4_0', 'CC_BY_NC_4_0', 'PROPRIETARY'] as const),
          conditions: [c.code],
          modalities: [...new Set([pick(modalities), pick(modalities)])],
          bodyParts: [pick(bodies)],
          sexes: pick([['F'], ['M'], ['F', 'M']] as const).slice(),
          minTypicalAge: min,
          maxTypicalAge: min + Math.floor(rnd() * 30),
          numberOfUniqueIndividuals: Math.floor(rnd() * 5000),
        }),
      );
      const r = released ? releasedRecord(m) : undefined;
      const shown = (c: ReleasedCount | undefined) => (typeof c === 'number' ? c : null);
      figures.push(r?.figures);
      rows.push({
        slug: `${org.slug}.ds-${i}`,
        origin: 'node' as const,
        organisation_id: org.id,
        country: org.country,
        identifier: m.identifier,
        state: i % 20 === 0 ? ('withdrawn' as const) : ('published' as const),
        metadata: JSON.stringify(r?.metadata ?? m),
        ...derivedColumns(r?.metadata ?? m),
        ...(r
          ? {
              series: shown(r.figures.series),
              instances: shown(r.figures.instances),
              size_bytes: r.figures.sizeBytes,
            }
          : {}),
      });
    }
    const ids = await db.insertInto('catalogue_entry').values(rows).returning('id').execute();
    const kept = ids.flatMap(({ id }, k) => {
      const f = figures[k];
      return f ? [{ entry_id: id, figures: JSON.stringify(f) }] : [];
    });
    if (kept.length) await db.insertInto('catalogue_entry_figures').values(kept).execute();
  }
  await sql`analyze catalogue_entry`.execute(db);
}

try {
  const t0 = performance.now();
  await load(db, true);
  const loadMs = Math.round(performance.now() - t0);
  await load(e.db, false);
  console.log(`catalogue of ${n} datasets on ${d.backend}: loaded in ${loadMs} ms`);

  // 1. Full text + two facets.
  const queries = [
    'screening',
    'lung staging',
    'breast',
    'radiomics segmentation',
    'prostate follow-up',
    'biopsy',
  ];
  // Interleaved, so both catalogues see the same load on a shared machine.
  const times = { released: [] as number[], exact: [] as number[] };
  for (let i = 0; i < 300; i++) {
    const search = { q: pick(queries), modality: pick(modalities), country: pick(countries) };
    const order = i % 2 ? (['released', 'exact'] as const) : (['exact', 'released'] as const);
    for (const which of order) {
      const s = performance.now();
      await searchCatalogue(which === 'released' ? db : e.db, search);
      times[which].push(performance.now() - s);
    }
  }
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.floor((p / 100) * (xs.length - 1))] ?? 0;
  const line = (xs: number[]) =>
    `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${pct(xs, 100).toFixed(1)} ms`;
  console.log(`search (full text + modality + country), 300 queries each, interleaved:`);
  console.log(`  released figures (now):    ${line(times.released)}`);
  console.log(`  exact figures (before):    ${line(times.exact)}`);
  console.log(
    `  release policy cost on search p95: ${((pct(times.released, 95) / pct(times.exact, 95) - 1) * 100).toFixed(1)} % (target <= 5 %)`,
  );
  // The policy's own work happens at the node, once per push: time it over every dataset.
  const records = (await db.selectFrom('catalogue_entry').select('metadata').execute()).map(
    (r) => r.metadata,
  );
  const t2 = performance.now();
  for (const m of records) releasedRecord(m);
  console.log(
    `  release at the node (per push, excluding its statistics query): ${(((performance.now() - t2) / records.length) * 1000).toFixed(0)} µs per dataset`,
  );

  // 2. Under 50 concurrent clients.
  const app = Fastify();
  const base = 'http://127.0.0.1';
  registerCatalogueRoutes(app, { db, baseUrl: base });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const requests = queries.map((q, i) => ({
    path: `/api/v1/catalogue/datasets?q=${encodeURIComponent(q)}&modality=${modalities[i % modalities.length] ?? ''}&country=${countries[i] ?? 'NO'}`,
  }));
  const ac = await autocannon({ url: `${base}:${port}`, connections: 50, duration: 10, requests });
  console.log(
    `50 concurrent clients, 10 s: ${Math.round(ac.requests.average)} req/s, latency p50 ${ac.latency.p50} ms p97.5 ${ac.latency.p97_5} ms, errors ${ac.errors}, timeouts ${ac.timeouts}, non-2xx ${ac.non2xx}`,
  );

  // 3. Streamed export, peak RSS.
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t1 = performance.now();
  const bytes = await new Promise<number>((resolve, reject) => {
    get(`${base}:${port}/catalogue.ttl`, (res) => {
      let total = 0;
      res.on('data', (b: Buffer) => (total += b.length));
      res.on('end', () => resolve(total));
      res.on('error', reject);
    }).on('error', reject);
  });
  clearInterval(sampler);
  const mb = (x: number) => (x / 1024 / 1024).toFixed(0);
  console.log(
    `export /catalogue.ttl: ${mb(bytes)} MB in ${Math.round(performance.now() - t1)} ms; RSS before ${mb(rssBefore)} MB, peak ${mb(peak)} MB (+${mb(peak - rssBefore)} MB)`,
  );
  await app.close();
} finally {
  if (!pglite && !process.env.BENCH_SCHEMA) {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    await sql`drop schema if exists ${sql.id(`${schema}_exact`)} cascade`.execute(db);
  }
  await Promise.all([d.close(), e.close()]);
}
