import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { CieError } from '../../errors.js';
import { latestPhiOverride, recordPhiOverride } from '../phi/phi-override.repository.js';
import { openPseudonymKeyStore } from './pseudonym-key.repository.js';

for (const backend of backends()) {
  describe(`pseudonym key and PHI overrides on ${backend}`, () => {
    it('stores pseudonym → PatientID encrypted and exports it only with the right passphrase', async () => {
      const d = await openTestNodeDb(backend);
      try {
        const store = await openPseudonymKeyStore(d.db, 'correct horse battery staple');
        assert.equal(
          await store.put([
            ['CIE-AAAAAAAAAAAA', 'MRN-0042'],
            ['CIE-BBBBBBBBBBBB', 'MRN-0043'],
          ]),
          2,
        );
        assert.equal(await store.put([['CIE-AAAAAAAAAAAA', 'MRN-0042']]), 0, 'idempotent');
        const rows = await d.db.selectFrom('pseudonym_key').selectAll().execute();
        for (const r of rows)
          assert.ok(!Buffer.from(r.ciphertext).toString('latin1').includes('MRN'), 'encrypted at rest');
        const again = await openPseudonymKeyStore(d.db, 'correct horse battery staple');
        assert.deepEqual(await again.exportAll(), [
          { pseudonym: 'CIE-AAAAAAAAAAAA', patientId: 'MRN-0042' },
          { pseudonym: 'CIE-BBBBBBBBBBBB', patientId: 'MRN-0043' },
        ]);
        await assert.rejects(
          openPseudonymKeyStore(d.db, 'a wrong passphrase!'),
          (e: unknown) => e instanceof CieError && e.code === 'FORBIDDEN',
        );
      } finally {
        await d.close();
      }
    });

    it('records a PHI override with who and why, and refuses one without a reason', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await assert.rejects(
          recordPhiOverride(d.db, 'ds-1', 'rep@site', 'ok'),
          (e: unknown) => e instanceof CieError && e.code === 'VALIDATION_FAILED',
        );
        const o = await recordPhiOverride(
          d.db,
          'ds-1',
          'rep@site',
          'Operator names are phantom staff, not patients',
          3,
        );
        assert.equal(o.datasetId, 'ds-1');
        assert.equal(o.findings, 3);
        const latest = await latestPhiOverride(d.db, 'ds-1');
        assert.equal(latest?.reason, 'Operator names are phantom staff, not patients');
        assert.equal(latest?.userId, 'rep@site');
        assert.equal(await latestPhiOverride(d.db, 'ds-2'), undefined);
      } finally {
        await d.close();
      }
    });
  });
}
