import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { backends, openTestHubDb, openTestNodeDb } from '../../test/support/db.js';
import { audit } from './audit.js';
import { listAudit } from './audit.repository.js';
import type { AuditTables } from './audit.tables.js';
import { verifyAuditChain } from './verify.js';

async function fill(db: Kysely<AuditTables>, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await audit(db, {
      actor: `user:${i}`,
      action: i % 2 ? 'auth.sign-in' : 'token.create',
      target: `user:${i}`,
      outcome: i === 4 ? 'failure' : 'success',
      ip: '127.0.0.1',
      details: { i, nested: { b: 2, a: [1, 'x'] } },
    });
  }
}

/** Tamper as someone with SQL access would: past the append-only trigger. */
async function tamper(db: Kysely<AuditTables>, statements: string[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(tx);
    for (const s of statements) await sql.raw(s).execute(tx);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(tx);
  });
}

for (const backend of backends()) {
  describe(`audit log on ${backend}`, () => {
    const withDb = async (fn: (db: Kysely<AuditTables>) => Promise<void>) => {
      const d = await openTestHubDb(backend);
      try {
        await fn(d.db as unknown as Kysely<AuditTables>);
      } finally {
        await d.close();
      }
    };

    it('appends a chain that verifies, and filters records', () =>
      withDb(async (db) => {
        await fill(db, 6);
        const report = await verifyAuditChain(db);
        assert.deepEqual(report, { ok: true, records: 6, headSeq: 6, problems: [] });
        const page = await listAudit(db, { action: 'auth.*', limit: 2 });
        assert.deepEqual(
          page.records.map((r) => r.seq),
          [5, 3],
        );
        assert.equal(page.nextBefore, 3);
        const rest = await listAudit(db, { action: 'auth.*', limit: 2, before: 3 });
        assert.deepEqual(
          rest.records.map((r) => r.seq),
          [1],
        );
        assert.equal(rest.nextBefore, null);
        const failed = await listAudit(db, { outcome: 'failure', limit: 10 });
        assert.deepEqual(
          failed.records.map((r) => r.actor),
          ['user:4'],
        );
        assert.deepEqual(failed.records[0]?.details, { i: 4, nested: { a: [1, 'x'], b: 2 } });
      }));

    it('refuses UPDATE and DELETE on the log', () =>
      withDb(async (db) => {
        await fill(db, 2);
        await assert.rejects(sql`update audit_log set actor = 'x' where seq = 1`.execute(db), /append-only/);
        await assert.rejects(sql`delete from audit_log where seq = 1`.execute(db), /append-only/);
      }));

    it('names the record that was edited', () =>
      withDb(async (db) => {
        await fill(db, 5);
        await tamper(db, [`update audit_log set details = '{"i": 99}' where seq = 3`]);
        const report = await verifyAuditChain(db);
        assert.equal(report.ok, false);
        assert.deepEqual(
          report.problems.map((p) => [p.seq, p.kind]),
          [[3, 'edited']],
        );
      }));

    it('catches an edit whose hash was recomputed, at the next record', () =>
      withDb(async (db) => {
        await fill(db, 5);
        await tamper(db, [`update audit_log set outcome = 'success', hash = repeat('a', 64) where seq = 4`]);
        const report = await verifyAuditChain(db);
        assert.deepEqual(
          report.problems.map((p) => [p.seq, p.kind]),
          [
            [4, 'edited'],
            [5, 'broken-link'],
          ],
        );
      }));

    it('names the record that was removed', () =>
      withDb(async (db) => {
        await fill(db, 5);
        await tamper(db, ['delete from audit_log where seq = 3']);
        const report = await verifyAuditChain(db);
        assert.equal(report.problems[0]?.seq, 3);
        assert.equal(report.problems[0]?.kind, 'missing');
        assert.match(report.problems[0]?.message ?? '', /record 3 missing/);
      }));

    it('names two records that were swapped', () =>
      withDb(async (db) => {
        await fill(db, 5);
        await tamper(db, [
          'update audit_log set seq = -2 where seq = 2',
          'update audit_log set seq = 2 where seq = 3',
          'update audit_log set seq = 3 where seq = -2',
        ]);
        const report = await verifyAuditChain(db);
        const reordered = report.problems.filter((p) => p.kind === 'reordered').map((p) => p.seq);
        assert.deepEqual(reordered, [2, 3]);
        assert.ok(report.problems.every((p) => p.seq === 2 || p.seq === 3));
      }));

    it('notices the last records were cut off', () =>
      withDb(async (db) => {
        await fill(db, 5);
        await tamper(db, ['delete from audit_log where seq >= 4']);
        const report = await verifyAuditChain(db);
        assert.deepEqual(
          report.problems.map((p) => [p.seq, p.kind]),
          [[4, 'truncated']],
        );
      }));

    it('keeps one valid chain under concurrent appends', () =>
      withDb(async (db) => {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            audit(db, { actor: `worker:${i % 4}`, action: 'search.run', details: { i } }),
          ),
        );
        const report = await verifyAuditChain(db);
        assert.deepEqual(report, { ok: true, records: 40, headSeq: 40, problems: [] });
      }));

    it('writes nothing when the caller’s transaction rolls back', () =>
      withDb(async (db) => {
        await fill(db, 1);
        await assert.rejects(
          db.transaction().execute(async (tx) => {
            await audit(tx, { actor: 'user:1', action: 'grant.create' });
            throw new Error('the grant failed');
          }),
          /the grant failed/,
        );
        await audit(db, { actor: 'user:1', action: 'grant.create', outcome: 'failure' });
        assert.deepEqual(await verifyAuditChain(db), { ok: true, records: 2, headSeq: 2, problems: [] });
      }));

    it('works the same in a node database (migration 0600)', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await audit(d.db, {
          actor: 'hub',
          action: 'dicomweb.retrieve',
          target: 'dataset:1',
          details: { grant: 7 },
        });
        assert.equal((await verifyAuditChain(d.db)).ok, true);
      } finally {
        await d.close();
      }
    });
  });
}
