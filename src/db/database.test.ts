import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { backends, openTestNodeDb } from '../../test/support/db.js';
import { openDatabase } from './database.js';
import type { NodeDB } from './schema.js';

for (const backend of backends()) {
  describe(`storage on ${backend}`, () => {
    it('migrates a new database and keeps rows isolated per test database', async () => {
      const a = await openTestNodeDb(backend);
      const b = await openTestNodeDb(backend);
      try {
        await a.db
          .insertInto('patient')
          .values({ pseudonym: 'P1', sex: 'F', sex_code: 'SNOMEDCT248152002', birth_year: 1960 })
          .execute();
        const inA = await a.db.selectFrom('patient').select(['pseudonym', 'sex']).execute();
        const inB = await b.db.selectFrom('patient').selectAll().execute();
        assert.deepEqual(inA, [{ pseudonym: 'P1', sex: 'F' }]);
        assert.equal(inB.length, 0);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('rolls back a failed transaction completely', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await assert.rejects(
          d.db.transaction().execute(async (tx) => {
            await tx.insertInto('patient').values({ pseudonym: 'X', sex: 'M', sex_code: 'c' }).execute();
            await tx.insertInto('patient').values({ pseudonym: 'X', sex: 'M', sex_code: 'c' }).execute();
          }),
          /duplicate key|unique/i,
        );
        const { n } = await d.db
          .selectFrom('patient')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(n, 0);
      } finally {
        await d.close();
      }
    });
  });
}

if (process.env.TEST_DATABASE_URL) {
  describe('a shared PostgreSQL server', () => {
    it('opens and migrates while other clients create and drop schemas beside ours', async () => {
      const url = process.env.TEST_DATABASE_URL ?? '';
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      const mine = await openTestNodeDb('postgres');
      let churning = true;
      let churned = 0;
      // Another client's schemas come and go the whole time (as other test files' do in CI).
      const churn = (async () => {
        while (churning) {
          const name = `churn_${randomBytes(4).toString('hex')}`;
          await other.query(
            `create schema ${name}; create table ${name}.t (a int); drop schema ${name} cascade`,
          );
          churned++;
        }
      })();
      try {
        for (let i = 0; i < 30; i++) {
          const tables = await mine.db.introspection.getTables();
          // Only our own schema is read: the node's tables, none of another schema's.
          assert.ok(tables.length > 20 && tables.every((t) => t.schema?.startsWith('t_node_')));
          const instance = tables.find((t) => t.name === 'instance');
          const sop = instance?.columns.find((c) => c.name === 'sop_instance_uid');
          assert.deepEqual(sop && { type: sop.dataType, nullable: sop.isNullable }, {
            type: 'text',
            nullable: false,
          });
          assert.equal(instance?.columns.find((c) => c.name === 'id')?.isAutoIncrementing, true);
        }
        // A second database opened (and migrated) during the churn.
        const again = await openTestNodeDb('postgres');
        await again.close();
      } finally {
        churning = false;
        await churn;
        await other.end();
        await mine.close();
      }
      assert.ok(churned > 0);
    });
  });
}

describe('embedded database on disk', () => {
  it('keeps data across reopen and does not re-run migrations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cie-db-'));
    try {
      const first = await openDatabase<NodeDB>({ role: 'node', name: 'node', dataDir: dir });
      await first.db.insertInto('patient').values({ pseudonym: 'KEEP', sex: 'U', sex_code: 'u' }).execute();
      await first.close();
      const second = await openDatabase<NodeDB>({ role: 'node', name: 'node', dataDir: dir });
      const rows = await second.db.selectFrom('patient').select('pseudonym').execute();
      await second.close();
      assert.deepEqual(rows, [{ pseudonym: 'KEEP' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
