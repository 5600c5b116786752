/**
 * The tunnel inside the real hub app (buildHubApp with the hub's features): admin routes need an
 * admin session, enrolment needs the organisation's acceptance of the provider rules, the tunnel
 * is authenticated by the app's access hook, and every step lands in the audit log.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { hubConfig } from '../../src/config/hub-config.js';
import type { Database } from '../../src/db/database.js';
import type { HubDB } from '../../src/db/schema.js';
import { buildHubApp, type HubApp } from '../../src/hub/app.js';
import { hubFeatures } from '../../src/hub/features.js';
import type { GrantedRole } from '../../src/hub/identity/identity.tables.js';
import { createSession } from '../../src/hub/identity/session.repository.js';
import { insertUser, setRoles } from '../../src/hub/identity/user.repository.js';
import { currentTerms, recordTermsAcceptance } from '../../src/hub/terms/terms.repository.js';
import { createHubTunnel, type HubTunnel } from '../../src/hub/tunnel/tunnel.feature.js';
import { joinHub } from '../../src/node/tunnel/node-tunnel.service.js';
import { openTestHubDb, openTestNodeDb } from '../support/db.js';
import { Agent } from '../support/hub.js';
import { quietLogger, waitFor } from '../support/tunnel-hub.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the tunnel in the hub app', () => {
  let database: Database<HubDB>;
  let app: HubApp;
  let hubTunnel: HubTunnel;
  let url: string;
  let orgId: number;
  const dir = mkdtempSync(join(tmpdir(), 'cie-hub-tunnel-'));

  const signedIn = async (opts: { roles?: GrantedRole[]; representativeOf?: number }) => {
    const config = hubConfig();
    const id = await insertUser(database.db, {
      email: `u${Date.now()}${Math.random()}@example.org`,
      displayName: 'U',
      passwordHash: null,
    });
    if (opts.roles) await setRoles(database.db, id, 'local', opts.roles);
    if (opts.representativeOf) {
      await database.db
        .insertInto('organisation_representative')
        .values({ organisation_id: opts.representativeOf, user_id: id })
        .execute();
    }
    const terms = await currentTerms(database.db, 'terms-of-use');
    if (terms) await recordTermsAcceptance(database.db, id, terms.id, null);
    const s = await createSession(database.db, id, config);
    const agent = new Agent(url);
    agent.cookies.set('cie_session', s.id);
    agent.cookies.set('cie_csrf', s.csrfToken);
    return { id, agent };
  };

  before(async () => {
    database = await openTestHubDb('pglite');
    hubTunnel = await createHubTunnel(database.db, quietLogger, { heartbeatMs: 200 });
    app = await buildHubApp(
      {
        db: database.db,
        config: hubConfig(),
        logger: quietLogger,
        authenticateNode: hubTunnel.authenticateNode,
        tunnel: hubTunnel,
      },
      hubFeatures,
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const org = await database.db
      .insertInto('organisation')
      .values({ slug: 'uio-radiology', name: 'UiO radiology', country: 'NO' })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgId = Number(org.id);
  });
  after(async () => {
    await app.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues tokens to admins only, enrols once the provider rules are accepted, runs tasks, revokes', async () => {
    const anonymous = new Agent(url);
    assert.equal((await anonymous.fetch('/api/v1/nodes')).status, 401);
    const researcher = await signedIn({});
    assert.equal(
      (
        await researcher.agent.fetch('/api/v1/nodes/enrolment-tokens', {
          method: 'POST',
          json: { organisationId: orgId },
        })
      ).status,
      403,
    );

    const admin = await signedIn({ roles: ['admin'] });
    const issued = await admin.agent.fetch('/api/v1/nodes/enrolment-tokens', {
      method: 'POST',
      json: { organisationId: orgId },
    });
    assert.equal(issued.status, 201);
    const { token } = (await issued.json()) as { token: string };

    const nodeDb = await openTestNodeDb('pglite');
    try {
      const join1 = joinHub({
        db: nodeDb.db,
        keyFile: join(dir, 'k1.jwk'),
        logger: quietLogger,
        hubUrl: url,
        enrolToken: token,
        name: 'uio-1',
      });
      await assert.rejects(join1, { code: 'FORBIDDEN', message: /has not accepted the provider rules/ });

      const rep = await signedIn({ representativeOf: orgId });
      const accepted = await rep.agent.fetch(`/api/v1/organisations/${orgId}/provider-rules/accept`, {
        method: 'POST',
        json: { version: (await currentTerms(database.db, 'provider-rules'))?.version },
      });
      assert.ok(accepted.ok, `accept: ${accepted.status} ${await accepted.text()}`);

      const { identity, client } = await joinHub({
        db: nodeDb.db,
        keyFile: join(dir, 'k1.jwk'),
        logger: quietLogger,
        hubUrl: url,
        enrolToken: token,
        name: 'uio-1',
      });
      client.start();
      try {
        await waitFor('node online', async () => {
          const res = await admin.agent.fetch('/api/v1/nodes');
          const { nodes } = (await res.json()) as { nodes: { online: boolean; rttMs: number | null }[] };
          return nodes[0]?.online === true && nodes[0].rttMs !== null;
        });
        assert.equal(
          await hubTunnel.tunnel.sendTask(identity.nodeId, 'tunnel.echo', 'through the app'),
          'through the app',
        );

        // A user's session is no way into the tunnel.
        const ws = await admin.agent.fetch('/api/v1/nodes/tunnel');
        assert.equal(ws.status, 403);

        const fatal = new Promise((resolve) => client.once('fatal', resolve));
        const revoked = await admin.agent.fetch(`/api/v1/nodes/${identity.nodeId}/revoke`, {
          method: 'POST',
          json: {},
        });
        assert.equal(revoked.status, 200);
        await fatal;
      } finally {
        await client.stop();
      }
    } finally {
      await nodeDb.close();
    }

    const log = await database.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'outcome', 'target'])
      .orderBy('seq')
      .execute();
    const mine = log.filter((r) => r.action.startsWith('node.'));
    assert.deepEqual(
      mine.map((r) => [r.action, r.outcome, r.actor]),
      [
        ['node.enrolment-token.issue', 'success', `user:${admin.id}`],
        ['node.enrol', 'denied', 'anonymous'],
        ['node.enrol', 'success', mine[2]?.actor],
        ['node.revoke', 'success', `user:${admin.id}`],
      ],
    );
    assert.match(mine[2]?.actor ?? '', /^node:\d+$/);
  });
});
