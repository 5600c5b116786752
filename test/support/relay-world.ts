/**
 * The DICOMweb relay end to end: the real hub app (every feature, its tunnel), one node enrolled
 * through the API with real DICOM files indexed and two published datasets listed in the hub
 * catalogue, and helpers for users, API tokens and grants. Used by the relay tests and the bench.
 *
 * Corpus: 3 studies of `seriesPerStudy` series × `instancesPerSeries` instances (patched copies
 * of pydicom's CT/MR files); dataset "relay-a" = studies 1 and 2, dataset "relay-b" = study 3.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubConfig } from '../../src/config/hub-config.js';
import type { Database } from '../../src/db/database.js';
import type { HubDB, NodeDB } from '../../src/db/schema.js';
import { insertGrant } from '../../src/hub/access/grant.repository.js';
import { buildHubApp, type HubApp } from '../../src/hub/app.js';
import { insertEntry } from '../../src/hub/catalogue/catalogue.repository.js';
import { hubFeatures } from '../../src/hub/features.js';
import { createToken } from '../../src/hub/identity/token.repository.js';
import { insertUser } from '../../src/hub/identity/user.repository.js';
import { issueEnrolmentToken } from '../../src/hub/nodes/nodes.service.js';
import {
  currentTerms,
  recordProviderRulesAcceptance,
  recordTermsAcceptance,
} from '../../src/hub/terms/terms.repository.js';
import { createHubTunnel, type HubTunnel } from '../../src/hub/tunnel/tunnel.feature.js';
import { parseDatasetMetadata } from '../../src/model/dataset-metadata.js';
import { exampleRecord } from '../../src/model/dcat/fixtures.js';
import { createDataset, publishDataset } from '../../src/node/datasets/dataset.service.js';
import { createIndexingStore } from '../../src/node/dicomweb/instance-store.js';
import { createReceiver } from '../../src/node/pacs/receiver.service.js';
import { registerRelayTask } from '../../src/node/relay/relay.task.js';
import type { NodeIdentity } from '../../src/node/tunnel/node-identity.repository.js';
import { joinHub } from '../../src/node/tunnel/node-tunnel.service.js';
import type { TunnelClient } from '../../src/node/tunnel/tunnel.client.js';
import { privacySchema } from '../../src/config/config.js';
import { registerDatasetTasks } from '../../src/node/datasets/dataset.tasks.js';
import { registerSiteSearch } from '../../src/node/search/search.task.js';
import { writeCorpus } from './dicom-corpus.js';
import { TcpProxy } from './tcp-proxy.js';
import { openTestHubDb, openTestNodeDb } from './db.js';
import { quietLogger, waitFor } from './tunnel-hub.js';

export interface RelayWorld {
  url: string;
  app: HubApp;
  hub: Database<HubDB>;
  node: Database<NodeDB>;
  tunnel: HubTunnel;
  client: TunnelClient;
  identity: NodeIdentity;
  /** Between node and hub when started with `tunnelProxy`. */
  proxy: TcpProxy | undefined;
  /** Study UIDs of dataset relay-a (2 studies) and relay-b (1 study). */
  studies: { a: string[]; b: string[] };
  /** Catalogue entries (slug, id). */
  entries: { a: { slug: string; id: number }; b: { slug: string; id: number } };
  /** A user who accepted the terms, with an API token. */
  newUser(): Promise<{ id: number; token: string }>;
  /** A grant on an entry, in force from `startsAt` to `endsAt` (default: now - 1 min … now + 1 day). */
  grant(userId: number, entryId: number, when?: { startsAt?: Date; endsAt?: Date }): Promise<number>;
  /** GET on the relay of an entry with a bearer token. */
  get(token: string, slug: string, path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startRelayWorld(
  shape: {
    seriesPerStudy?: number;
    instancesPerSeries?: number;
    templates?: string[];
    /** Hub settings beside the defaults (e.g. dicomwebCors). */
    config?: Parameters<typeof hubConfig>[0];
    /** Register more node tasks before the tunnel starts (e.g. jobs). */
    beforeStart?: (n: {
      client: TunnelClient;
      identity: NodeIdentity;
      db: Database<NodeDB>['db'];
      dir: string;
    }) => Promise<void>;
    /** The node reaches the hub through a TcpProxy (`world.proxy`), so tests can cut the tunnel. */
    tunnelProxy?: boolean;
    /** The node also answers searches and the catalogue's dataset tasks, like `cie node run`. */
    siteTasks?: boolean;
  } = {},
): Promise<RelayWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'cie-relay-'));
  const [hub, node] = await Promise.all([openTestHubDb('pglite'), openTestNodeDb('pglite')]);
  const tunnel = await createHubTunnel(hub.db, quietLogger, { heartbeatMs: 1000 });
  const app = await buildHubApp(
    {
      db: hub.db,
      config: hubConfig(shape.config),
      logger: quietLogger,
      authenticateNode: tunnel.authenticateNode,
      tunnel,
    },
    hubFeatures,
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  // The provider organisation and its node.
  const org = Number(
    (
      await hub.db
        .insertInto('organisation')
        .values({ slug: 'relay-site', name: 'Relay site', country: 'NO' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  const rep = await insertUser(hub.db, {
    email: 'rep@relay.example',
    displayName: 'Rep',
    passwordHash: null,
  });
  const rules = await currentTerms(hub.db, 'provider-rules');
  if (!rules) throw new Error('provider rules not seeded');
  await recordProviderRulesAcceptance(hub.db, org, rules.id, rep);

  // Real DICOM files, indexed like STOW-RS does.
  const corpus = join(dir, 'corpus');
  writeCorpus(corpus, {
    patients: 3,
    studiesPerPatient: 1,
    seriesPerStudy: shape.seriesPerStudy ?? 2,
    instancesPerSeries: shape.instancesPerSeries ?? 3,
    ...(shape.templates ? { templates: shape.templates } : {}),
  });
  const store = createIndexingStore(node.db, createReceiver({ storeDir: join(dir, 'store') }));
  for (const file of walk(corpus)) await store.storeInstance(file);
  const studyRows = await node.db.selectFrom('study').select('study_uid').orderBy('id').execute();
  const uids = studyRows.map((r) => r.study_uid);
  const studies = { a: uids.slice(0, 2), b: uids.slice(2, 3) };
  const entries = {
    a: await publish(hub.db, node.db, org, 'relay-a', studies.a),
    b: await publish(hub.db, node.db, org, 'relay-b', studies.b),
  };

  const { token: enrolToken } = await issueEnrolmentToken(hub.db, { organisationId: org, ttlSeconds: 600 });
  const proxy = shape.tunnelProxy ? await TcpProxy.start(Number(new URL(url).port)) : undefined;
  const { identity, client } = await joinHub({
    db: node.db,
    keyFile: join(dir, 'node-key.jwk'),
    logger: quietLogger,
    hubUrl: proxy?.url ?? url,
    enrolToken,
    name: 'relay-node',
    tunnel: { backoff: { baseMs: 20, capMs: 200 } },
  });
  registerRelayTask(client, { db: node.db, identity, logger: quietLogger, tmpDir: dir });
  await shape.beforeStart?.({ client, identity, db: node.db, dir });
  if (shape.siteTasks) {
    registerSiteSearch(client, { db: node.db, name: 'relay-node', privacy: nodePrivacy });
    registerDatasetTasks(client, node.db, nodePrivacy);
  }
  client.start();
  await waitFor('node online', () => tunnel.tunnel.onlineNodes().length === 1);

  const terms = await currentTerms(hub.db, 'terms-of-use');
  let users = 0;
  return {
    url,
    app,
    hub,
    node,
    tunnel,
    client,
    identity,
    proxy,
    studies,
    entries,
    newUser: async () => {
      users += 1;
      const id = await insertUser(hub.db, {
        email: `researcher${users}@relay.example`,
        displayName: `Researcher ${users}`,
        passwordHash: null,
      });
      if (terms) await recordTermsAcceptance(hub.db, id, terms.id, null);
      return { id, token: (await createToken(hub.db, id, 'relay', null)).token };
    },
    grant: async (userId, entryId, when = {}) => {
      const request = await hub.db
        .insertInto('access_request')
        .values({
          requester_id: userId,
          project_title: 'Relay test',
          project_summary: 'Reading images through the relay',
          principal_investigator: 'PI',
          institution: 'Institute',
          purpose: ['DUO:0000006'],
          ethics_reference: 'REK 1',
          duration_days: 30,
          warnings: '[]',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const g = await insertGrant(hub.db, {
        userId,
        catalogueEntryId: entryId,
        requestId: Number(request.id),
        purpose: ['DUO:0000006'],
        startsAt: when.startsAt ?? new Date(Date.now() - 60_000),
        endsAt: when.endsAt ?? new Date(Date.now() + 86_400_000),
        conditions: null,
      });
      return g.id;
    },
    get: (token, slug, path, headers = {}) =>
      fetch(`${url}/dicomweb/datasets/${slug}${path}`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      }),
    close: async () => {
      await client.stop();
      await proxy?.close();
      await app.close();
      await Promise.all([hub.close(), node.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const nodePrivacy = privacySchema.parse({});

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

async function publish(
  hubDb: Database<HubDB>['db'],
  nodeDb: Database<NodeDB>['db'],
  organisationId: number,
  identifier: string,
  studyUids: string[],
): Promise<{ slug: string; id: number }> {
  const metadata = exampleRecord({ identifier, title: `Relay ${identifier}` });
  await createDataset(nodeDb, { metadata, selection: { kind: 'studies', studyUids } });
  await publishDataset(nodeDb, identifier);
  const row = await insertEntry(hubDb, {
    slug: `relay-site.${identifier}`,
    origin: 'node',
    organisationId,
    state: 'published',
    metadata: parseDatasetMetadata(metadata, 'test record'),
  });
  return { slug: row.slug, id: Number(row.id) };
}
