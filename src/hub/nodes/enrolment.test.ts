import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { backends } from '../../../test/support/db.js';
import { issueToken, startTestHub, type TestHub } from '../../../test/support/tunnel-hub.js';
import { hashEnrolmentToken } from './nodes.service.js';

async function newPublicKey(): Promise<JWK> {
  return exportJWK((await generateKeyPair('Ed25519', { extractable: true })).publicKey);
}

for (const backend of backends()) {
  describe(`node enrolment (${backend})`, () => {
    let hub: TestHub;
    before(async () => {
      hub = await startTestHub({ backend });
    });
    after(() => hub.close());

    const enrol = async (token: string, publicKey?: JWK, name = 'site-node') => {
      const res = await fetch(`${hub.url}/api/v1/nodes/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          publicKey: publicKey ?? (await newPublicKey()),
          name,
          version: '1.2.3',
        }),
      });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
      };
    };
    const counts = async () => {
      const db = hub.database.db;
      const n = await db
        .selectFrom('node')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      const used = await db
        .selectFrom('enrolment_token')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('used_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return { nodes: n.n, usedTokens: used.n };
    };

    it('publishes the hub key, enrols once per token and pins that key', async () => {
      const key = (await (await fetch(`${hub.url}/api/v1/hub/key`)).json()) as JWK;
      assert.equal(key.kty, 'OKP');
      assert.equal(key.crv, 'Ed25519');
      assert.equal(key.d, undefined, 'the private key is never published');
      const token = await issueToken(hub);
      const stored = await hub.database.db.selectFrom('enrolment_token').select('token_hash').execute();
      assert.ok(stored.some((r) => r.token_hash === hashEnrolmentToken(token)));
      assert.ok(!stored.some((r) => r.token_hash.includes(token)), 'only the hash is stored');
      const first = await enrol(token);
      assert.equal(first.status, 201);
      assert.deepEqual(first.body.hubPublicKey, key);
      assert.equal(first.body.organisationId, hub.organisationId);
      const replay = await enrol(token);
      assert.equal(replay.status, 401);
      assert.match(replay.body.error?.message ?? '', /already been used/);
      assert.equal(hub.audits.at(-1)?.outcome, 'refused');
    });

    it('refuses unknown and expired tokens', async () => {
      const unknown = await enrol('cie-enrol-this-token-was-never-issued');
      assert.equal(unknown.status, 401);
      assert.match(unknown.body.error?.message ?? '', /unknown enrolment token/);
      const token = await issueToken(hub);
      await hub.database.db
        .updateTable('enrolment_token')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('token_hash', '=', hashEnrolmentToken(token))
        .execute();
      const expired = await enrol(token);
      assert.equal(expired.status, 401);
      assert.match(expired.body.error?.message ?? '', /expired/);
    });

    it('refuses a private key or a non-Ed25519 key before touching the token', async () => {
      const token = await issueToken(hub);
      const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
      const withPrivate = await enrol(token, await exportJWK(privateKey));
      assert.equal(withPrivate.status, 400);
      assert.equal(withPrivate.body.error?.code, 'VALIDATION_FAILED');
      const rsa = await enrol(token, { kty: 'RSA', n: 'abc', e: 'AQAB' });
      assert.equal(rsa.status, 400);
      assert.equal((await enrol(token)).status, 201, 'the token is still usable');
    });

    it('leaves nothing half-done when enrolment fails after the token check', async () => {
      await hub.database.db
        .updateTable('organisation')
        .set({ kind: 'platform' })
        .where('id', '=', hub.organisationId)
        .execute();
      const before = await counts();
      const token = await issueToken(hub);
      try {
        const refused = await enrol(token);
        assert.equal(refused.status, 403);
        assert.match(refused.body.error?.message ?? '', /provider rules/);
        assert.deepEqual(await counts(), before, 'no node row, token not consumed');
      } finally {
        await hub.database.db
          .updateTable('organisation')
          .set({ kind: 'provider' })
          .where('id', '=', hub.organisationId)
          .execute();
      }
      assert.equal((await enrol(token)).status, 201);
    });

    it('lets exactly one of two simultaneous enrolments with the same token succeed', async () => {
      const token = await issueToken(hub);
      const before = await counts();
      const results = await Promise.all([enrol(token), enrol(token)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 401]);
      const afterCounts = await counts();
      assert.equal(afterCounts.nodes, before.nodes + 1);
      assert.equal(afterCounts.usedTokens, before.usedTokens + 1);
    });

    it('refuses a token for an organisation that does not exist', async () => {
      const res = await fetch(`${hub.url}/api/v1/nodes/enrolment-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organisationId: 424242 }),
      });
      assert.equal(res.status, 404);
    });
  });
}
