import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CieError } from '../../errors.js';
import { joinHub } from '../../node/tunnel/node-tunnel.service.js';
import type { TunnelClient } from '../../node/tunnel/tunnel.client.js';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import {
  issueToken,
  listNodesApi,
  quietLogger,
  startTestHub,
  waitFor,
  type TestHub,
} from '../../../test/support/tunnel-hub.js';

for (const backend of backends()) {
  describe(`node enrolment and tunnel (${backend})`, () => {
    let hub: TestHub;
    const dir = mkdtempSync(join(tmpdir(), 'cie-tunnel-'));
    before(async () => {
      hub = await startTestHub({ backend, settings: { heartbeatMs: 100 } });
    });
    after(async () => {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('enrols a node that then shows online with version and RTT; revoking disconnects and refuses it', async () => {
      const nodeDb = await openTestNodeDb(backend);
      let client: TunnelClient | undefined;
      try {
        const token = await issueToken(hub);
        const keyFile = join(dir, 'a', 'node-key.jwk');
        const joined = await joinHub({
          db: nodeDb.db,
          keyFile,
          logger: quietLogger,
          hubUrl: hub.url,
          enrolToken: token,
          name: 'oslo-1',
          tunnel: { backoff: { baseMs: 20, capMs: 100 } },
        });
        client = joined.client;
        assert.equal(statSync(keyFile).mode & 0o777, 0o600);
        const pinned = await nodeDb.db.selectFrom('node_identity').selectAll().executeTakeFirstOrThrow();
        assert.deepEqual(pinned.hub_public_key, hub.hubKeys.publicJwk);

        client.start();
        await waitFor('node online with an RTT', async () => {
          const [n] = await listNodesApi(hub);
          return n?.online === true && n.rttMs !== null;
        });
        const [listed] = await listNodesApi(hub);
        assert.equal(listed?.name, 'oslo-1');
        assert.equal(listed?.status, 'active');
        assert.match(listed?.version ?? '', /^\d+\.\d+\.\d+/);
        assert.ok((listed?.rttMs ?? -1) >= 0 && (listed?.rttMs ?? 1e9) < 1000);
        assert.ok(listed?.lastSeen);
        assert.deepEqual(await hub.tunnel.sendTask(joined.identity.nodeId, 'tunnel.echo', { hello: 'hub' }), {
          hello: 'hub',
        });

        const fatal = new Promise<CieError>((resolve) => client?.once('fatal', resolve));
        const revoke = await fetch(`${hub.url}/api/v1/nodes/${joined.identity.nodeId}/revoke`, {
          method: 'POST',
        });
        assert.equal(revoke.status, 200);
        assert.equal(((await revoke.json()) as { status: string }).status, 'revoked');
        assert.equal((await fatal).code, 'FORBIDDEN');
        const [gone] = await listNodesApi(hub);
        assert.equal(gone?.online, false);
        assert.equal(gone?.status, 'revoked');
        await assert.rejects(hub.tunnel.sendTask(joined.identity.nodeId, 'tunnel.echo', {}), {
          code: 'NODE_UNAVAILABLE',
        });

        // Enrolling twice, or at another hub, is refused; a plain restart uses the stored identity.
        await assert.rejects(
          joinHub({
            db: nodeDb.db,
            keyFile,
            logger: quietLogger,
            hubUrl: hub.url,
            enrolToken: await issueToken(hub),
          }),
          { code: 'CONFLICT', message: /already enrolled at .* as node \d+: start it without --enrol/ },
        );
        await assert.rejects(
          joinHub({ db: nodeDb.db, keyFile, logger: quietLogger, hubUrl: 'http://127.0.0.1:1' }),
          {
            code: 'CONFLICT',
          },
        );
        // Starting again (a restarted node process) is refused before the upgrade.
        const again = await joinHub({ db: nodeDb.db, keyFile, logger: quietLogger });
        const refused = new Promise<CieError>((resolve) => again.client.once('fatal', resolve));
        again.client.start();
        assert.match((await refused).message, /revoked/);
        assert.equal(again.client.connections, 0);
      } finally {
        await client?.stop();
        await nodeDb.close();
      }
    });
  });
}
