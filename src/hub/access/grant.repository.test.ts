import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogueEntry, plainOrganisation, plainUser } from '../../../test/support/access-fixture.js';
import { backends, openTestHubDb } from '../../../test/support/db.js';
import { findActiveGrant, insertGrant, listGrants, revokeGrant } from './grant.repository.js';

for (const backend of backends()) {
  describe(`grant repository (${backend})`, () => {
    it('finds a grant only while it is in force and not revoked', async () => {
      const d = await openTestHubDb(backend);
      try {
        const org = await plainOrganisation(d.db);
        const user = await plainUser(d.db);
        const other = await plainUser(d.db);
        const entry = await catalogueEntry(d.db, { organisationId: org });
        const otherEntry = await catalogueEntry(d.db, { organisationId: org });
        const request = await d.db
          .insertInto('access_request')
          .values({
            requester_id: user,
            project_title: 't',
            project_summary: 's',
            principal_investigator: 'p',
            institution: 'i',
            purpose: ['DUO:0000006'],
            ethics_reference: 'e',
            duration_days: 10,
            warnings: '[]',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const startsAt = new Date('2026-01-01T00:00:00Z');
        const endsAt = new Date('2026-01-11T00:00:00Z');
        const g = await insertGrant(d.db, {
          userId: user,
          catalogueEntryId: entry.id,
          requestId: Number(request.id),
          purpose: ['DUO:0000006'],
          startsAt,
          endsAt,
          conditions: 'cite us',
        });
        const q = { userId: user, catalogueEntryId: entry.id };
        const found = await findActiveGrant(d.db, { ...q, at: new Date('2026-01-05T00:00:00Z') });
        assert.deepEqual(found, {
          id: g.id,
          userId: user,
          catalogueEntryId: entry.id,
          requestId: Number(request.id),
          purpose: ['DUO:0000006'],
          startsAt,
          endsAt,
          conditions: 'cite us',
        });
        assert.ok(await findActiveGrant(d.db, { ...q, at: startsAt }), 'starts inclusive');
        assert.equal(await findActiveGrant(d.db, { ...q, at: endsAt }), undefined, 'ends exclusive');
        assert.equal(await findActiveGrant(d.db, { ...q, at: new Date('2025-12-31T23:59:59Z') }), undefined);
        assert.equal(await findActiveGrant(d.db, q), undefined, 'expired by now (2026-11)');
        const mid = new Date('2026-01-05T00:00:00Z');
        assert.equal(
          await findActiveGrant(d.db, { userId: other, catalogueEntryId: entry.id, at: mid }),
          undefined,
        );
        assert.equal(
          await findActiveGrant(d.db, { userId: user, catalogueEntryId: otherEntry.id, at: mid }),
          undefined,
        );

        await revokeGrant(d.db, { id: g.id, by: other, reason: 'misuse', at: new Date() });
        assert.equal(await findActiveGrant(d.db, { ...q, at: mid }), undefined, 'revoked');
        const [listed] = await listGrants(d.db, { organisationIds: [org] });
        assert.equal(listed?.revokeReason, 'misuse');
        assert.deepEqual(await listGrants(d.db, { organisationIds: [] }), []);
        assert.equal((await listGrants(d.db, { userId: user })).length, 1);
      } finally {
        await d.close();
      }
    });
  });
}
