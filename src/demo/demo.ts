/**
 * `cie demo`: one hub and three nodes in one process on the embedded database. The first start
 * fills each node with its generated corpus and publishes its datasets; later starts reuse them
 * and are up in seconds. Writes `<data-dir>/demo.json` (URL, accounts, an admin API token).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config, PrivacyConfig } from '../config/config.js';
import { openNodeDatabase } from '../cli/context.js';
import type { Database } from '../db/database.js';
import type { NodeDB } from '../db/schema.js';
import { startHub, type RunningHub } from '../hub/server.js';
import { issueEnrolmentToken } from '../hub/nodes/nodes.service.js';
import type { Logger } from '../log.js';
import { registerDatasetTasks } from '../node/datasets/dataset.tasks.js';
import { readNodeIdentity, updateHubUrl } from '../node/tunnel/node-identity.repository.js';
import { joinHub } from '../node/tunnel/node-tunnel.service.js';
import { registerRelayTask } from '../node/relay/relay.task.js';
import { registerJobTasks } from '../node/jobs/job.task.js';
import type { JobsConfig } from '../node/jobs/jobs.config.js';
import type { TunnelClient } from '../node/tunnel/tunnel.client.js';
import { registerSiteSearch } from '../node/search/search.task.js';
import { issueDemoAdminToken, seedDemoHub } from './demo-hub-seed.js';
import { seedDemoGrant, type DemoGrantSeed } from './demo-access-seed.js';
import { prepareDemoNode, type CorpusSize, type NodeProgress, type PreparedNode } from './demo-node.js';
import { demoAccounts, demoSites, type DemoAccount, type DemoSite } from './demo-sites.js';

export interface DemoNodeInfo {
  slug: string;
  name: string;
  country: string;
  nodeId: number;
  patients: number;
  datasets: number;
  created: boolean;
}

export interface RunningDemo {
  url: string;
  accounts: readonly DemoAccount[];
  adminToken: string;
  nodes: DemoNodeInfo[];
  /** Where the summary for scripts was written. */
  demoFile: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  logger: Logger;
  /** Progress of first-start preparation, per site. */
  onProgress?: (site: DemoSite, p: NodeProgress) => void;
  /** Which sites to run (default: all three). */
  sites?: readonly DemoSite[];
  /** Size of each site's generated corpus (default: demoCorpusSize). */
  corpusSize?: CorpusSize;
}

interface StartedNode {
  database: Database<NodeDB>;
  client: TunnelClient | undefined;
}

/** How long a demo node may take to be welcomed by the hub. */
const CONNECT_TIMEOUT_MS = 30_000;

async function connectNode(
  hub: RunningHub,
  site: DemoSite,
  organisationId: number,
  node: Database<NodeDB>,
  keyFile: string,
  logger: Logger,
  privacy: PrivacyConfig,
  jobs: JobsConfig,
): Promise<{ client: TunnelClient; nodeId: number }> {
  const identity = await readNodeIdentity(node.db);
  if (identity && identity.hubUrl !== hub.url) {
    // Same demo hub on another port: follow it rather than refuse.
    await updateHubUrl(node.db, hub.url);
  }
  const enrolToken = identity
    ? undefined
    : (await issueEnrolmentToken(hub.db, { organisationId, ttlSeconds: 600 })).token;
  const { identity: joined, client } = await joinHub({
    db: node.db,
    keyFile,
    logger: logger.child({ node: site.slug }),
    hubUrl: hub.url,
    enrolToken,
    name: site.slug,
  });
  registerSiteSearch(client, { db: node.db, name: joined.nodeName, privacy });
  registerDatasetTasks(client, node.db, privacy);
  // Return only once the hub has welcomed the node, so the demo's first search sees every site.
  const connected = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`demo node ${site.slug}: tunnel not connected within ${CONNECT_TIMEOUT_MS} ms`)),
      CONNECT_TIMEOUT_MS,
    );
    client.once('connected', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  registerRelayTask(client, { db: node.db, identity: joined, logger, tmpDir: dirname(keyFile) });
  const workDir = join(dirname(keyFile), 'jobs');
  await registerJobTasks(client, { db: node.db, identity: joined, logger, workDir, privacy, policy: jobs });
  client.start();
  await connected;
  return { client, nodeId: joined.nodeId };
}

export async function startDemo(config: Config, opts: DemoOptions): Promise<RunningDemo> {
  const { logger } = opts;
  const sites = opts.sites ?? demoSites;
  mkdirSync(config.dataDir, { recursive: true });
  // The demo keeps self sign-up open (a hub's default is closed) unless CIE_HUB_ALLOW_SIGNUP says otherwise.
  const signUp = process.env.CIE_HUB_ALLOW_SIGNUP ? config.hub.allowSignup : true;
  const hub = await startHub({ ...config, hub: { ...config.hub, allowSignup: signUp } }, logger);
  const url = hub.url.replace('0.0.0.0', '127.0.0.1');
  const nodes: StartedNode[] = [];
  let grantSeed: DemoGrantSeed | undefined;
  const close = async () => {
    grantSeed?.cancel();
    await grantSeed?.done;
    for (const n of nodes) await n.client?.stop();
    await hub.close();
    for (const n of nodes) await n.database.close();
  };
  try {
    const seeded = await seedDemoHub(hub.db);
    // Sites start side by side: their databases open and their corpora load concurrently.
    const info = await Promise.all(
      sites.map(async (site): Promise<DemoNodeInfo> => {
        const name = `node-${site.slug}`;
        const database = await openNodeDatabase(config, name);
        const started: StartedNode = { database, client: undefined };
        nodes.push(started);
        const prepared: PreparedNode = await prepareDemoNode(
          database.db,
          site,
          join(config.dataDir, name),
          url,
          (p) => opts.onProgress?.(site, p),
          opts.corpusSize,
        );
        const organisationId = seeded.organisations.get(site.slug);
        if (organisationId === undefined) throw new Error(`demo organisation ${site.slug} missing`);
        const keyFile = join(config.dataDir, name, 'node-key.jwk');
        const { client, nodeId } = await connectNode(
          hub,
          site,
          organisationId,
          database,
          keyFile,
          logger,
          config.privacy,
          // One representative per demo site: one approval releases a held output.
          { ...config.jobs, airlockApprovals: 1 },
        );
        started.client = client;
        return { slug: site.slug, name: site.name, country: site.country, nodeId, ...prepared };
      }),
    );
    const adminId = seeded.users.get('admin@demo.cie');
    if (adminId === undefined) throw new Error('demo admin missing');
    const adminToken = await issueDemoAdminToken(hub.db, adminId);
    // With several sites, Rita already holds a grant on the second site's first dataset.
    const grantSite = sites[1];
    const ids = {
      researcher: seeded.users.get('researcher@demo.cie'),
      committee: seeded.users.get('committee@demo.cie'),
      representative: grantSite && seeded.users.get(`rep-${grantSite.slug}@demo.cie`),
      organisationId: grantSite && seeded.organisations.get(grantSite.slug),
    };
    if (ids.researcher && ids.committee && ids.representative && ids.organisationId)
      grantSeed = seedDemoGrant(
        hub.db,
        {
          researcher: ids.researcher,
          committee: ids.committee,
          representative: ids.representative,
          organisationId: ids.organisationId,
        },
        logger,
      );
    const demoFile = join(config.dataDir, 'demo.json');
    const accounts = demoAccounts;
    writeFileSync(demoFile, `${JSON.stringify({ url, accounts, adminToken, nodes: info }, null, 2)}\n`, {
      mode: 0o600,
    });
    return { url, accounts, adminToken, nodes: info, demoFile, close };
  } catch (err) {
    await close();
    throw err;
  }
}
