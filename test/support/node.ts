/** An in-process node for tunnel tests: its own node database and key, enrolled at a test hub. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/database.js';
import type { NodeDB } from '../../src/db/schema.js';
import { joinHub, type JoinHubInput } from '../../src/node/tunnel/node-tunnel.service.js';
import type { TunnelClient } from '../../src/node/tunnel/tunnel.client.js';
import { openTestNodeDb } from './db.js';
import { issueToken, quietLogger, type TestHub } from './tunnel-hub.js';

export interface TestNode {
  nodeId: number;
  client: TunnelClient;
  database: Database<NodeDB>;
  close(): Promise<void>;
}

export async function startTestNode(
  hub: TestHub,
  opts: { hubUrl?: string; name?: string; tunnel?: JoinHubInput['tunnel'] } = {},
): Promise<TestNode> {
  const dir = mkdtempSync(join(tmpdir(), 'cie-node-'));
  const database = await openTestNodeDb('pglite');
  const { identity, client } = await joinHub({
    db: database.db,
    keyFile: join(dir, 'node-key.jwk'),
    logger: quietLogger,
    hubUrl: opts.hubUrl ?? hub.url,
    enrolToken: await issueToken(hub),
    name: opts.name ?? 'test-node',
    tunnel: { backoff: { baseMs: 20, capMs: 200 }, ...opts.tunnel },
  });
  const connected = new Promise((resolve) => client.once('connected', resolve));
  client.start();
  await connected;
  return {
    nodeId: identity.nodeId,
    client,
    database,
    close: async () => {
      await client.stop();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
