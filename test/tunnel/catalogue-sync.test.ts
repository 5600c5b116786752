/**
 * Node datasets reach the hub catalogue through the tunnel: the real hub app with its tunnel and
 * the catalogue sync, a real node database and tunnel client. Publish at the node → listed by
 * `GET /api/v1/catalogue/datasets`; withdraw → gone; published while the node was offline →
 * listed once it reconnects; an invalid record at the node does not hold back the others; more
 * studies ingested at the node change the hub entry's numbers, and a representative's edit at the
 * hub survives that push.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PrivacyConfig } from '../../src/config/config.js';
import { hubConfig } from '../../src/config/hub-config.js';
import type { Database } from '../../src/db/database.js';
import type { HubDB, NodeDB } from '../../src/db/schema.js';
import { buildHubApp, type HubApp } from '../../src/hub/app.js';
import { editDescriptiveFields } from '../../src/hub/catalogue/catalogue.service.js';
import { CatalogueNodeSync } from '../../src/hub/catalogue/node-sync.service.js';
import { hubFeatures } from '../../src/hub/features.js';
import { insertUser } from '../../src/hub/identity/user.repository.js';
import { issueEnrolmentToken } from '../../src/hub/nodes/nodes.service.js';
import { createSession } from '../../src/hub/identity/session.repository.js';
import {
  currentTerms,
  recordProviderRulesAcceptance,
  recordTermsAcceptance,
} from '../../src/hub/terms/terms.repository.js';
import { createHubTunnel, type HubTunnel } from '../../src/hub/tunnel/tunnel.feature.js';
import { exampleRecord } from '../../src/model/dcat/fixtures.js';
import { registerDatasetTasks } from '../../src/node/datasets/dataset.tasks.js';
import {
  createDataset,
  publishDataset,
  refreshDatasetStats,
  withdrawDataset,
} from '../../src/node/datasets/dataset.service.js';
import { joinHub } from '../../src/node/tunnel/node-tunnel.service.js';
import type { TunnelClient } from '../../src/node/tunnel/tunnel.client.js';
import { addStudy, fillKnownIndex } from '../support/dataset-index.js';
import { openTestHubDb, openTestNodeDb } from '../support/db.js';
import { Agent } from '../support/hub.js';
import { quietLogger, waitFor } from '../support/tunnel-hub.js';

interface Listed {
  total: number;
  items: { slug: string; title: string }[];
}

/** A policy that shows every count, for the tests that follow numbers; the last one uses the default. */
const everyCount: PrivacyConfig = { threshold: 1, roundTo: 1 };

describe('node datasets in the hub catalogue, through the tunnel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cie-catalogue-sync-'));
  const keyFile = join(dir, 'node-key.jwk');
  let hubDb: Database<HubDB>;
  let nodeDb: Database<NodeDB>;
  let app: HubApp;
  let hubTunnel: HubTunnel;
  let sync: CatalogueNodeSync;
  let url: string;
  let client: TunnelClient;
  let orgId: number;
  let repId: number;

  const listed = async (): Promise<string[]> => {
    const res = await fetch(`${url}/api/v1/catalogue/datasets?pageSize=50`);
    assert.equal(res.status, 200);
    return ((await res.json()) as Listed).items.map((i) => i.slug).sort();
  };
  const outbox = async () =>
    (await nodeDb.db.selectFrom('dataset_pending_push').select('dataset_id').execute()).length;
  const connect = async (policy: PrivacyConfig = everyCount): Promise<TunnelClient> => {
    const joined = await joinHub({
      db: nodeDb.db,
      keyFile,
      logger: quietLogger,
      tunnel: { backoff: { baseMs: 20, capMs: 200 } },
    });
    registerDatasetTasks(joined.client, nodeDb.db, policy);
    joined.client.start();
    return joined.client;
  };
  const online = () => hubTunnel.tunnel.onlineNodes().length === 1;

  before(async () => {
    [hubDb, nodeDb] = await Promise.all([openTestHubDb('pglite'), openTestNodeDb('pglite')]);
    hubTunnel = await createHubTunnel(hubDb.db, quietLogger, { heartbeatMs: 500 });
    app = await buildHubApp(
      {
        db: hubDb.db,
        config: hubConfig(),
        logger: quietLogger,
        authenticateNode: hubTunnel.authenticateNode,
        tunnel: hubTunnel,
      },
      hubFeatures,
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    sync = new CatalogueNodeSync({
      db: hubDb.db,
      tunnel: hubTunnel.tunnel,
      logger: quietLogger,
      intervalMs: 300,
    });
    sync.start();

    const org = await hubDb.db
      .insertInto('organisation')
      .values({ slug: 'oslo-uh', name: 'Oslo University Hospital', country: 'NO' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rules = await currentTerms(hubDb.db, 'provider-rules');
    assert.ok(rules, 'provider rules seeded');
    const rep = await insertUser(hubDb.db, {
      email: 'rep@oslo.example',
      displayName: 'Rep',
      passwordHash: null,
    });
    await recordProviderRulesAcceptance(hubDb.db, Number(org.id), rules.id, rep);
    [orgId, repId] = [Number(org.id), rep];
    const { token } = await issueEnrolmentToken(hubDb.db, {
      organisationId: Number(org.id),
      ttlSeconds: 600,
    });
    await fillKnownIndex(nodeDb.db);
    const enrolled = await joinHub({
      db: nodeDb.db,
      keyFile,
      logger: quietLogger,
      hubUrl: url,
      enrolToken: token,
      name: 'oslo-1',
    });
    await enrolled.client.stop();
    client = await connect();
    await waitFor('node online', online);
  });
  after(async () => {
    await sync.stop();
    await client.stop();
    await app.close();
    await Promise.all([hubDb.close(), nodeDb.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists a dataset published at the node, and hides it once withdrawn', async () => {
    const selection = { kind: 'folder', prefixes: ['/data/oslo'] };
    await createDataset(nodeDb.db, { metadata: exampleRecord(), selection });
    await new Promise((r) => setTimeout(r, 700));
    assert.deepEqual(await listed(), [], 'a draft never reaches the hub');

    await publishDataset(nodeDb.db, 'oslo-prostate-mr-2024');
    await waitFor('published entry listed', async () => (await listed()).length === 1, 5000);
    assert.deepEqual(await listed(), ['oslo-uh.oslo-prostate-mr-2024']);
    const entry = (await (
      await fetch(`${url}/api/v1/catalogue/datasets/oslo-uh.oslo-prostate-mr-2024`)
    ).json()) as {
      metadata: { numberOfUniqueIndividuals: number; publisher: { name: string } };
    };
    assert.equal(entry.metadata.numberOfUniqueIndividuals, 2, 'the node computed statistics arrive');
    await waitFor('outbox drained', async () => (await outbox()) === 0, 5000);
    const ttl = await (await fetch(`${url}/catalogue.ttl`)).text();
    assert.match(ttl, /oslo-prostate-mr-2024/);

    await withdrawDataset(nodeDb.db, 'oslo-prostate-mr-2024');
    await waitFor('withdrawn entry hidden', async () => (await listed()).length === 0, 5000);
    assert.equal((await fetch(`${url}/api/v1/catalogue/datasets/oslo-uh.oslo-prostate-mr-2024`)).status, 404);
    await waitFor('outbox drained', async () => (await outbox()) === 0, 5000);
  });

  it('delivers what was published while the node was offline once it reconnects', async () => {
    await client.stop();
    await waitFor('node offline', () => !online());
    const selection = { kind: 'folder', prefixes: ['/data/bergen'] };
    await createDataset(nodeDb.db, {
      metadata: exampleRecord({ identifier: 'bergen-lung', title: 'Lung CT, Bergen' }),
      selection,
    });
    await publishDataset(nodeDb.db, 'bergen-lung');
    await new Promise((r) => setTimeout(r, 700));
    assert.deepEqual(await listed(), [], 'nothing arrives while the node is offline');
    assert.equal(await outbox(), 1);

    client = await connect();
    await waitFor('entry listed after reconnect', async () => (await listed()).length === 1, 5000);
    assert.deepEqual(await listed(), ['oslo-uh.bergen-lung']);
  });

  it('does not let an invalid record hold back the others', async () => {
    const selection = { kind: 'folder', prefixes: ['/data/oslo'] };
    await createDataset(nodeDb.db, { metadata: exampleRecord({ identifier: 'broken' }), selection });
    await createDataset(nodeDb.db, { metadata: exampleRecord({ identifier: 'oslo-breast' }), selection });
    await client.stop(); // offline, so the valid revision cannot slip through first
    await waitFor('node offline', () => !online());
    await publishDataset(nodeDb.db, 'broken');
    // Corrupt the stored record behind the service's back, as a bad upgrade might.
    const row = await nodeDb.db
      .selectFrom('dataset')
      .select(['metadata'])
      .where('identifier', '=', 'broken')
      .executeTakeFirstOrThrow();
    await nodeDb.db
      .updateTable('dataset')
      .set({ metadata: JSON.stringify({ ...row.metadata, licence: 'WTFPL' }) })
      .where('identifier', '=', 'broken')
      .execute();
    await publishDataset(nodeDb.db, 'oslo-breast');
    client = await connect();
    await waitFor('good entry listed', async () => (await listed()).includes('oslo-uh.oslo-breast'), 5000);
    assert.ok(!(await listed()).includes('oslo-uh.broken'));
    await waitFor('error recorded at the node', async () => {
      const pending = await nodeDb.db.selectFrom('dataset_pending_push').selectAll().execute();
      return pending.length === 1 && /licence/i.test(pending[0]?.last_error ?? '');
    });
    assert.equal(online(), true, 'the node stays connected');
  });

  it('follows the index: more studies at the node change the hub numbers, and hub edits stay', async () => {
    interface Entry {
      version: number;
      metadata: {
        numberOfUniqueIndividuals: number;
        numberOfRecords: number;
        description: string;
        title: string;
      };
      counts: { series: number; instances: number; sizeBytes: number };
    }
    const slug = 'oslo-uh.oslo-everything';
    const entry = async (): Promise<Entry> =>
      (await (await fetch(`${url}/api/v1/catalogue/datasets/${slug}`)).json()) as Entry;
    await createDataset(nodeDb.db, {
      metadata: exampleRecord({ identifier: 'oslo-everything', title: 'Everything from Oslo' }),
      selection: { kind: 'folder', prefixes: ['/data/oslo'] },
    });
    await publishDataset(nodeDb.db, 'oslo-everything');
    await waitFor('entry listed', async () => (await listed()).includes(slug), 5000);
    const before = await entry();
    assert.ok(before.counts.instances > 0 && before.counts.sizeBytes > 0, 'index counts reach the hub');

    // A representative rewrites the description at the hub.
    const description = 'Curated at the hub: every Oslo study, de-identified.';
    await editDescriptiveFields(
      hubDb.db,
      {
        kind: 'user',
        userId: repId,
        roles: [],
        representativeOf: [orgId],
        termsAccepted: true,
        via: 'session',
      },
      slug,
      { description },
    );

    // The node ingests one more patient's study (4 images of 50 bytes) and refreshes its stats.
    await addStudy(nodeDb.db, {
      pseudonym: 'P9',
      sex: 'F',
      diagnosis: 'SNOMEDCT254837009',
      ageAtDiagnosis: 49,
      studyUid: '1.2.9',
      modality: 'MR',
      bodyPart: 'BREAST',
      manufacturer: 'GE',
      folder: '/data/oslo/new',
      sizes: [50, 50, 50, 50],
    });
    assert.ok((await refreshDatasetStats(nodeDb.db)).includes('oslo-everything'));
    await waitFor(
      'hub numbers updated',
      async () => (await entry()).counts.instances === before.counts.instances + 4,
      5000,
    );
    const after = await entry();
    assert.deepEqual(after.counts, {
      series: before.counts.series + 1,
      instances: before.counts.instances + 4,
      sizeBytes: before.counts.sizeBytes + 200,
    });
    assert.equal(after.metadata.numberOfUniqueIndividuals, before.metadata.numberOfUniqueIndividuals + 1);
    assert.equal(after.metadata.numberOfRecords, before.metadata.numberOfRecords + 1);
    assert.equal(after.metadata.description, description, "the hub's edit survived the node's push");
    assert.equal(after.metadata.title, 'Everything from Oslo');
    const stats = (await (await fetch(`${url}/api/v1/catalogue/stats`)).json()) as {
      totals: { instances: number };
    };
    assert.ok(stats.totals.instances >= after.counts.instances, 'the dashboard totals count images');
  });

  it('publishes a small dataset with no figure a person could be found by (default policy)', async () => {
    await client.stop();
    await waitFor('node offline', () => !online());
    client = await connect({ threshold: 10, roundTo: 10 });
    await waitFor('node online', online);
    // Six patients aged 0 to 4, as the demo's smallest datasets.
    for (let i = 0; i < 6; i++)
      await addStudy(nodeDb.db, {
        pseudonym: `K${i}`,
        sex: i % 2 ? 'F' : 'M',
        diagnosis: 'SNOMEDCT432328008',
        ageAtDiagnosis: i % 5,
        studyUid: `1.3.${i}`,
        modality: 'MR',
        bodyPart: 'BRAIN',
        manufacturer: 'Siemens',
        folder: '/data/children',
        sizes: [10],
      });
    await createDataset(nodeDb.db, {
      metadata: exampleRecord({ identifier: 'children', title: 'Neuroblastoma MR' }),
      selection: { kind: 'folder', prefixes: ['/data/children'] },
    });
    await publishDataset(nodeDb.db, 'children');
    const slug = 'oslo-uh.children';
    await waitFor('entry listed', async () => (await listed()).includes(slug), 5000);
    const text = async (path: string, accept = '*/*') =>
      (await fetch(`${url}${path}`, { headers: { accept } })).text();
    const entry = JSON.parse(await text(`/api/v1/catalogue/datasets/${slug}`)) as {
      metadata: Record<string, unknown>;
      figures: Record<string, unknown>;
    };
    for (const k of ['numberOfUniqueIndividuals', 'numberOfRecords', 'minTypicalAge', 'maxTypicalAge'])
      assert.equal(entry.metadata[k], undefined, k);
    assert.deepEqual(entry.metadata.sexes, []);
    assert.equal(entry.figures.subjects, '< 10');
    assert.doesNotMatch(JSON.stringify(entry.figures), /:[0-6][,}]/, 'no count of 6, no age of 0 to 4');
    const html = await text(`/catalogue/datasets/${slug}`, 'text/html');
    assert.match(html, /Subjects \/ studies<\/th><td>&lt; 10 \/ &lt; 10/);
    assert.doesNotMatch(html, /Typical age/);
    // The whole catalogue carries each entry's own record (the same triples as its own document).
    assert.match(await text('/catalogue.ttl'), /oslo-uh\.children/);
    assert.match(await text('/catalogue.jsonld'), /oslo-uh\.children/);
    for (const doc of [
      await text(`/catalogue/datasets/${slug}.ttl`),
      await text(`/catalogue/datasets/${slug}.jsonld`),
    ]) {
      assert.match(doc, /Neuroblastoma MR/);
      assert.doesNotMatch(doc, /numberOfUniqueIndividuals|numberOfRecords|TypicalAge|248152002|248153007/);
    }
    const search = JSON.parse(await text('/api/v1/catalogue/datasets?q=Neuroblastoma')) as {
      items: Array<{ subjects: unknown; minAge: unknown }>;
      facets: { sex: unknown[] };
    };
    assert.deepEqual(
      search.items.map((i) => [i.subjects, i.minAge]),
      [[null, null]],
    );
    assert.deepEqual(search.facets.sex, []);
  });

  it("lets the holder's representative, and no one else, publish a dataset's figures exactly", async () => {
    const signedIn = async (email: string, representativeOf: number[]): Promise<Agent> => {
      const id = await insertUser(hubDb.db, { email, displayName: email, passwordHash: null });
      for (const org of representativeOf)
        await hubDb.db
          .insertInto('organisation_representative')
          .values({ organisation_id: org, user_id: id })
          .execute();
      const terms = await currentTerms(hubDb.db, 'terms-of-use');
      if (terms) await recordTermsAcceptance(hubDb.db, id, terms.id, null);
      const session = await createSession(hubDb.db, id, hubConfig());
      const agent = new Agent(url);
      agent.cookies.set('cie_session', session.id);
      agent.cookies.set('cie_csrf', session.csrfToken);
      return agent;
    };
    const other = await hubDb.db
      .insertInto('organisation')
      .values({ slug: 'bergen-hf', name: 'Haukeland', country: 'NO' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = '/api/v1/catalogue/datasets/oslo-uh.children/figures';
    const exact = { publication: 'exact', reason: 'ethics committee allows exact counts (ref 2026/17)' };

    const stranger = await signedIn('rep@bergen.example', [Number(other.id)]);
    const refused = await stranger.fetch(path, { method: 'PUT', json: exact });
    assert.equal(refused.status, 403, 'a representative of another organisation is refused');
    assert.equal((await new Agent(url).fetch(path, { method: 'PUT', json: exact })).status, 401);
    const researcher = await signedIn('researcher@example.org', []);
    assert.equal((await researcher.fetch(path, { method: 'PUT', json: exact })).status, 403);

    const holder = await signedIn('holder@oslo.example', [orgId]);
    const noReason = await holder.fetch(path, { method: 'PUT', json: { publication: 'exact' } });
    assert.equal(noReason.status, 400);
    assert.match(((await noReason.json()) as { error: { message: string } }).error.message, /\$\.reason/);
    const ok = await holder.fetch(path, { method: 'PUT', json: exact });
    assert.equal(ok.status, 200);
    const entry = async () =>
      (await (await fetch(`${url}/api/v1/catalogue/datasets/oslo-uh.children`)).json()) as {
        metadata: { numberOfUniqueIndividuals?: number };
        figures: { publication: string; subjects: unknown };
      };
    await waitFor(
      'exact figures published',
      async () => (await entry()).figures.publication === 'exact',
      5000,
    );
    assert.equal((await entry()).figures.subjects, 6);
    assert.equal((await entry()).metadata.numberOfUniqueIndividuals, 6);
    const html = await (
      await fetch(`${url}/catalogue/datasets/oslo-uh.children`, { headers: { accept: 'text/html' } })
    ).text();
    assert.match(html, /published exactly by the data holder/);

    // Both sides keep a record of who chose it and why.
    const hubLog = await hubDb.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('action', 'like', 'catalogue.figures.%')
      .orderBy('seq')
      .execute();
    assert.deepEqual(hubLog, [
      { action: 'catalogue.figures.set', outcome: 'denied' },
      { action: 'catalogue.figures.exact', outcome: 'success' },
    ]);
    const nodeLog = await nodeDb.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'dataset.figures.exact')
      .executeTakeFirstOrThrow();
    assert.equal((nodeLog.details as { reason: string }).reason, exact.reason);
  });
});
