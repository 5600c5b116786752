import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accessWorld, draftBody, json, type AccessWorld } from '../../../test/support/access-world.js';
import { backends } from '../../../test/support/db.js';
import { findActiveGrant } from './grant.repository.js';

interface Detail {
  id: number;
  state: string;
  warnings: { catalogueEntryId: number; slug: string; code: string; message: string }[];
  datasets: { catalogueEntryId: number; state: string; representedByViewer: boolean }[];
  timeline: { kind: string; to?: string; from?: string | null; actor?: { id: number } | null }[];
  viewer: {
    isRequester: boolean;
    isCommittee: boolean;
    representativeFor: number[];
    allowedTransitions: string[];
  };
}
interface ErrorBody {
  error: { code: string; message: string; details?: { allowed?: string[]; current?: string } };
}

for (const backend of backends()) {
  describe(`access workflow over HTTP (${backend})`, () => {
    let w: AccessWorld;
    before(async () => {
      w = await accessWorld(backend);
    });
    after(() => w.hub.close());

    const post = (agent: AccessWorld['researcher']['agent'], path: string, body: unknown = {}) =>
      agent.fetch(`/api/v1/access${path}`, { method: 'POST', json: body });

    async function submitted(datasets: number[] = [w.a1.id, w.b1.id]): Promise<number> {
      const res = await post(w.researcher.agent, '/requests', draftBody(datasets));
      assert.equal(res.status, 201);
      const { id } = await json<Detail>(res);
      assert.equal((await post(w.researcher.agent, `/requests/${id}/submit`)).status, 200);
      return id;
    }

    async function underReview(datasets?: number[]): Promise<number> {
      const id = await submitted(datasets);
      assert.equal((await post(w.committee.agent, `/requests/${id}/review`)).status, 200);
      return id;
    }

    it('takes a request from draft to concluded, with warnings, grants, timeline and notifications', async () => {
      w.notifier.clear();
      const created = await post(w.researcher.agent, '/requests', draftBody([w.a1.id, w.b1.slug]));
      assert.equal(created.status, 201);
      const draft = await json<Detail>(created);
      assert.equal(draft.state, 'DRAFT');
      // b1 requires non-commercial use (DUO:0000046), which the purpose does not declare.
      assert.deepEqual(
        draft.warnings.map((x) => [x.slug, x.code]),
        [[w.b1.slug, 'DUO:0000046']],
      );
      assert.match(draft.warnings[0]?.message ?? '', /non-commercial/);

      const edited = await w.researcher.agent.fetch(`/api/v1/access/requests/${draft.id}`, {
        method: 'PATCH',
        json: { purpose: ['DUO:0000006', 'DUO:0000046'], durationDays: 60 },
      });
      assert.equal(edited.status, 200);
      assert.deepEqual((await json<Detail>(edited)).warnings, []);

      // A draft is the requester's alone.
      assert.equal((await w.committee.agent.fetch(`/api/v1/access/requests/${draft.id}`)).status, 404);
      assert.equal((await w.repA.agent.fetch(`/api/v1/access/requests/${draft.id}`)).status, 404);

      const sub = await post(w.researcher.agent, `/requests/${draft.id}/submit`, { comment: 'ready' });
      assert.equal(sub.status, 200);
      assert.deepEqual(w.notifier.recipientsOf('access.request.submitted'), [w.committee.id]);

      const inbox = await json<{ requests: { id: number }[] }>(
        await w.committee.agent.fetch('/api/v1/access/committee/requests'),
      );
      assert.ok(inbox.requests.some((r) => r.id === draft.id));

      const review = await post(w.committee.agent, `/requests/${draft.id}/review`);
      assert.equal(review.status, 200);
      assert.equal((await json<Detail>(review)).state, 'UNDER_REVIEW');
      assert.deepEqual(w.notifier.recipientsOf('access.request.under-review'), [w.researcher.id]);
      assert.deepEqual(
        w.notifier.recipientsOf('access.request.decide'),
        [w.repA.id, w.repB.id].sort((a, b) => a - b),
      );

      const repInbox = await json<{
        requests: { id: number; datasets: { catalogueEntryId: number; representedByViewer: boolean }[] }[];
      }>(await w.repA.agent.fetch('/api/v1/access/representative/requests'));
      const mine = repInbox.requests.find((r) => r.id === draft.id);
      const flags = new Map(mine?.datasets.map((d) => [d.catalogueEntryId, d.representedByViewer]));
      assert.deepEqual([flags.get(w.a1.id), flags.get(w.b1.id)], [true, false]);

      const ask = await post(w.repA.agent, `/requests/${draft.id}/datasets/${w.a1.id}/decision`, {
        decision: 'NEEDS_INFORMATION',
        comment: 'Which sequences do you need?',
      });
      assert.equal(ask.status, 200);
      assert.deepEqual(w.notifier.recipientsOf('access.dataset.needs-information'), [w.researcher.id]);
      const answer = await post(w.researcher.agent, `/requests/${draft.id}/datasets/${w.a1.id}/information`, {
        text: 'T2 and DWI only.',
      });
      assert.equal(answer.status, 200);
      assert.deepEqual(w.notifier.recipientsOf('access.dataset.information-provided'), [w.repA.id]);

      const approve = await post(w.repA.agent, `/requests/${draft.id}/datasets/${w.a1.id}/decision`, {
        decision: 'APPROVED',
        conditions: 'Cite the dataset.',
      });
      assert.equal(approve.status, 200);
      assert.equal((await json<Detail>(approve)).state, 'UNDER_REVIEW');
      const grant = await findActiveGrant(w.hub.db, { userId: w.researcher.id, catalogueEntryId: w.a1.id });
      assert.ok(grant);
      assert.deepEqual(grant.purpose, ['DUO:0000006', 'DUO:0000046']);
      assert.equal(grant.conditions, 'Cite the dataset.');
      assert.equal(Math.round((grant.endsAt.getTime() - grant.startsAt.getTime()) / 86_400_000), 60);

      const decline = await post(w.repB.agent, `/requests/${draft.id}/datasets/${w.b1.id}/decision`, {
        decision: 'DECLINED',
        comment: 'Cohort reserved.',
      });
      const concluded = await json<Detail>(decline);
      assert.equal(concluded.state, 'CONCLUDED');
      assert.deepEqual(
        w.notifier.recipientsOf('access.request.concluded'),
        [w.researcher.id, w.committee.id, w.repA.id].sort((a, b) => a - b),
        'everyone but the representative who took the last step',
      );
      assert.equal(
        await findActiveGrant(w.hub.db, { userId: w.researcher.id, catalogueEntryId: w.b1.id }),
        undefined,
      );

      const full = await json<Detail>(await w.researcher.agent.fetch(`/api/v1/access/requests/${draft.id}`));
      const steps = full.timeline.filter((t) => t.kind === 'state').map((t) => t.to);
      assert.deepEqual(steps, [
        'DRAFT',
        'SUBMITTED',
        'UNDER_REVIEW',
        'NEEDS_INFORMATION',
        'PENDING',
        'APPROVED',
        'DECLINED',
        'CONCLUDED',
      ]);
      assert.ok(
        full.timeline.some((t) => t.kind === 'message'),
        'the answer is in the thread',
      );
      assert.equal(full.timeline.find((t) => t.to === 'SUBMITTED')?.actor?.id, w.researcher.id);

      const audited = await w.hub.db
        .selectFrom('audit_log')
        .select('action')
        .where('target', 'like', `access-request:${draft.id}%`)
        .execute();
      const actions = new Set(audited.map((a) => a.action));
      for (const a of [
        'access.request.create',
        'access.request.update',
        'access.request.submit',
        'access.request.review',
        'access.dataset.decide',
        'access.dataset.information',
        'access.request.conclude',
      ])
        assert.ok(actions.has(a), a);
    });

    it('refuses illegal transitions with 409, the allowed ones listed, and writes nothing', async () => {
      const id = await submitted([w.a1.id]);
      const before = await json<Detail>(await w.researcher.agent.fetch(`/api/v1/access/requests/${id}`));
      const again = await post(w.researcher.agent, `/requests/${id}/submit`);
      assert.equal(again.status, 409);
      const body = await json<ErrorBody>(again);
      assert.equal(body.error.code, 'ILLEGAL_TRANSITION');
      assert.deepEqual(body.error.details?.allowed, ['UNDER_REVIEW', 'DECLINED', 'WITHDRAWN']);
      // Deciding before the committee's check.
      const early = await post(w.repA.agent, `/requests/${id}/datasets/${w.a1.id}/decision`, {
        decision: 'APPROVED',
      });
      assert.equal(early.status, 409);
      assert.equal((await json<ErrorBody>(early)).error.details?.current, 'SUBMITTED');
      const edit = await w.researcher.agent.fetch(`/api/v1/access/requests/${id}`, {
        method: 'PATCH',
        json: { projectTitle: 'changed' },
      });
      assert.equal(edit.status, 409);
      const after = await json<Detail>(await w.researcher.agent.fetch(`/api/v1/access/requests/${id}`));
      assert.deepEqual(after, before);

      assert.equal(
        (await post(w.committee.agent, `/requests/${id}/decline`, { reason: 'Incomplete ethics.' })).status,
        200,
      );
      const withdraw = await post(w.researcher.agent, `/requests/${id}/withdraw`);
      assert.equal(withdraw.status, 409);
      assert.deepEqual((await json<ErrorBody>(withdraw)).error.details?.allowed, []);
      assert.match(
        (await json<ErrorBody>(await post(w.committee.agent, `/requests/${id}/review`))).error.message,
        /DECLINED is final/,
      );
    });

    it('lets one of two concurrent decisions on a dataset win', async () => {
      const id = await underReview([w.a1.id, w.a2.id]);
      const repA2 = await w.person({ representativeOf: [w.orgA] });
      const [r1, r2] = await Promise.all([
        post(w.repA.agent, `/requests/${id}/datasets/${w.a1.id}/decision`, { decision: 'APPROVED' }),
        post(repA2.agent, `/requests/${id}/datasets/${w.a1.id}/decision`, {
          decision: 'DECLINED',
          comment: 'no',
        }),
      ]);
      assert.deepEqual([r1.status, r2.status].sort(), [200, 409]);
      const events = await w.hub.db
        .selectFrom('access_event')
        .select('to_state')
        .where('request_id', '=', id)
        .where('catalogue_entry_id', '=', w.a1.id)
        .execute();
      assert.equal(events.length, 1);
      // The last two datasets decided at once: the request concludes exactly once.
      const [d1, d2] = await Promise.all([
        post(repA2.agent, `/requests/${id}/datasets/${w.a2.id}/decision`, { decision: 'APPROVED' }),
        post(w.repA.agent, `/requests/${id}/datasets/${w.a2.id}/decision`, { decision: 'APPROVED' }),
      ]);
      assert.deepEqual([d1.status, d2.status].sort(), [200, 409]);
      const concluded = await w.hub.db
        .selectFrom('access_event')
        .select('to_state')
        .where('request_id', '=', id)
        .where('catalogue_entry_id', 'is', null)
        .where('to_state', 'in', ['CONCLUDED', 'DECLINED'])
        .execute();
      assert.equal(concluded.length, 1);
    });

    it('validates drafts: datasets that exist, are published and from a node; bounded duration; DUO codes', async () => {
      const harvested = await import('../../../test/support/access-fixture.js').then((f) =>
        f.catalogueEntry(w.hub.db, { harvested: true }),
      );
      const withdrawn = await import('../../../test/support/access-fixture.js').then((f) =>
        f.catalogueEntry(w.hub.db, { organisationId: w.orgA, state: 'withdrawn' }),
      );
      const bad = await post(
        w.researcher.agent,
        '/requests',
        draftBody([w.a1.id, 999_999, harvested.slug, withdrawn.id]),
      );
      assert.equal(bad.status, 400);
      const msg = (await json<ErrorBody>(bad)).error.message;
      assert.match(msg, /999999: no such catalogue entry/);
      assert.match(msg, /another catalogue/);
      assert.match(msg, /not published \(withdrawn\)/);
      for (const over of [
        { durationDays: 0 },
        { durationDays: 100_000 },
        { purpose: ['DUO:0000046'] },
        { purpose: ['HMB'] },
        { datasets: [] },
      ]) {
        const res = await post(w.researcher.agent, '/requests', { ...draftBody([w.a1.id]), ...over });
        assert.equal(res.status, 400, JSON.stringify(over));
      }
      const count = await w.hub.db
        .selectFrom('access_request')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('requester_id', '=', w.researcher.id)
        .where('project_title', '=', 'never')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    it('refuses everyone who takes no part, and researchers on committee or representative routes', async () => {
      const id = await underReview([w.a1.id]);
      const outsider = w.otherResearcher.agent;
      assert.equal((await outsider.fetch(`/api/v1/access/requests/${id}`)).status, 404);
      assert.equal((await outsider.fetch(`/api/v1/access/requests/${id}/messages`)).status, 404);
      assert.equal((await post(outsider, `/requests/${id}/messages`, { text: 'hi' })).status, 404);
      assert.equal((await post(outsider, `/requests/${id}/withdraw`)).status, 404);
      assert.equal((await post(outsider, `/requests/${id}/review`)).status, 403, 'committee route');
      assert.equal((await post(outsider, `/requests/${id}/decline`, { reason: 'x' })).status, 403);
      assert.equal((await outsider.fetch('/api/v1/access/committee/requests')).status, 403);
      assert.equal((await outsider.fetch('/api/v1/access/representative/requests')).status, 403);
      assert.equal((await outsider.fetch('/api/v1/access/representative/grants')).status, 403);
      assert.equal(
        (await post(outsider, `/requests/${id}/datasets/${w.a1.id}/decision`, { decision: 'APPROVED' }))
          .status,
        403,
      );
      // Another organisation's representative: not a participant of this request.
      const otherRep = await post(w.repB.agent, `/requests/${id}/datasets/${w.a1.id}/decision`, {
        decision: 'APPROVED',
      });
      assert.equal(otherRep.status, 404);
      assert.equal((await w.repB.agent.fetch(`/api/v1/access/requests/${id}`)).status, 404);
      // Committee members read and talk, but do not decide datasets or withdraw.
      assert.equal((await w.committee.agent.fetch(`/api/v1/access/requests/${id}`)).status, 200);
      assert.equal((await post(w.committee.agent, `/requests/${id}/withdraw`)).status, 403);
      assert.equal(
        (await post(w.researcher.agent, `/requests/${id}/datasets/${w.a1.id}/information`, { text: 'x' }))
          .status,
        409,
      );
      // Anonymous callers.
      const anon = w.hub.anonymous();
      for (const path of ['/requests', `/requests/${id}`, '/grants', '/committee/requests']) {
        assert.equal((await anon.fetch(`/api/v1/access${path}`)).status, 401, path);
      }
      assert.equal((await post(anon, '/requests', draftBody([w.a1.id]))).status, 401);
    });

    it('edits a draft: only its requester, datasets re-checked, nothing written on a bad edit', async () => {
      const res = await post(w.researcher.agent, '/requests', draftBody([w.a1.id]));
      const { id } = await json<Detail>(res);
      const patch = (p: AccessWorld['researcher'], body: unknown) =>
        p.agent.fetch(`/api/v1/access/requests/${id}`, { method: 'PATCH', json: body });
      assert.equal((await patch(w.otherResearcher, { projectTitle: 'mine now' })).status, 404);
      assert.equal((await patch(w.researcher, {})).status, 400, 'nothing to change');
      assert.equal((await patch(w.researcher, { datasets: [w.a2.id, 123_456_789] })).status, 400);
      const moved = await patch(w.researcher, { datasets: [w.a2.slug, w.b1.id] });
      assert.equal(moved.status, 200);
      const detail = await json<Detail>(moved);
      assert.deepEqual(detail.datasets.map((d) => d.catalogueEntryId).sort(), [w.a2.id, w.b1.id].sort());
      assert.deepEqual(
        detail.warnings.map((x) => x.code),
        ['DUO:0000046'],
      );
      assert.deepEqual(detail.viewer.allowedTransitions, ['SUBMITTED', 'WITHDRAWN']);
    });

    it('a representative of two datasets decides only those of their organisation', async () => {
      const id = await underReview([w.a1.id, w.b1.id]);
      const res = await post(w.repA.agent, `/requests/${id}/datasets/${w.b1.id}/decision`, {
        decision: 'APPROVED',
      });
      assert.equal(res.status, 403);
      assert.match((await json<ErrorBody>(res)).error.message, /only representatives of/);
      const detail = await json<Detail>(await w.repA.agent.fetch(`/api/v1/access/requests/${id}`));
      assert.deepEqual(detail.viewer.representativeFor, [w.a1.id]);
      assert.deepEqual(
        detail.datasets.map((d) => d.state),
        ['PENDING', 'PENDING'],
      );
    });

    it('withdrawal by the requester revokes the grants of the request', async () => {
      const id = await underReview([w.a1.id, w.b1.id]);
      await post(w.repA.agent, `/requests/${id}/datasets/${w.a1.id}/decision`, { decision: 'APPROVED' });
      assert.ok(await findActiveGrant(w.hub.db, { userId: w.researcher.id, catalogueEntryId: w.a1.id }));
      w.notifier.clear();
      const res = await post(w.researcher.agent, `/requests/${id}/withdraw`, {
        comment: 'project cancelled',
      });
      assert.equal(res.status, 200);
      assert.equal((await json<Detail>(res)).state, 'WITHDRAWN');
      const grants = await w.hub.db
        .selectFrom('access_grant')
        .select('revoked_at')
        .where('request_id', '=', id)
        .execute();
      assert.ok(grants.every((g) => g.revoked_at !== null));
      const told = w.notifier.recipientsOf('access.request.withdrawn');
      for (const p of [w.committee, w.repA, w.repB]) assert.ok(told.includes(p.id));
      assert.ok(!told.includes(w.researcher.id), 'not the requester, who withdrew');
      assert.ok(!told.includes(w.otherResearcher.id));
    });
  });
}
