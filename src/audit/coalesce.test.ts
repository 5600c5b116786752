/** Bursts of like events become one chained audit record with their counts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends, openTestHubDb } from '../../test/support/db.js';
import { listAudit } from './audit.repository.js';
import { coalesceAudit, flushCoalesced } from './coalesce.js';
import { verifyAuditChain } from './verify.js';

for (const backend of backends()) {
  describe(`coalesced audit records on ${backend}`, () => {
    it('writes one record per download with counts by kind, once idle, and keeps the chain valid', async () => {
      {
        const d = await openTestHubDb(backend);
        try {
          const t0 = new Date('2026-01-01T10:00:00Z');
          const at = (s: number) => new Date(t0.getTime() + s * 1000);
          const download = {
            actor: 'user:3',
            action: 'dicomweb.download',
            target: 'dataset:a',
            ip: '10.0.0.1',
          };
          await coalesceAudit(d.db, download, 'metadata', at(0));
          for (let i = 0; i < 400; i += 1) await coalesceAudit(d.db, download, 'instances', at(1 + i / 100));
          await coalesceAudit(d.db, { ...download, target: 'dataset:b' }, 'instances', at(2));
          // Still busy: nothing written yet.
          assert.equal(await flushCoalesced(d.db, { now: at(20) }), 0);
          assert.equal(await flushCoalesced(d.db, { now: at(60) }), 2);
          const { records } = await listAudit(d.db, { action: 'dicomweb.download', limit: 10 });
          assert.equal(records.length, 2);
          const a = records.find((r) => r.target === 'dataset:a');
          assert.deepEqual(a?.details.counts, { metadata: 1, instances: 400 });
          assert.equal(a?.details.events, 401);
          assert.equal(a?.actor, 'user:3');
          assert.equal(await flushCoalesced(d.db, { all: true }), 0, 'nothing left pending');
          assert.equal((await verifyAuditChain(d.db)).ok, true);
        } finally {
          await d.close();
        }
      }
    });
  });
}
