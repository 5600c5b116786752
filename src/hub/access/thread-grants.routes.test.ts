import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  accessWorld,
  draftBody,
  json,
  type AccessWorld,
  type Person,
} from '../../../test/support/access-world.js';
import { backends } from '../../../test/support/db.js';
import { findActiveGrant } from './grant.repository.js';

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

interface AttachmentJson {
  id: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  downloadUrl: string;
}
interface GrantJson {
  id: number;
  catalogueEntryId: number;
  status: string;
  revokeReason: string | null;
  user: { id: number };
}

for (const backend of backends()) {
  describe(`access thread, attachments and grants (${backend})`, () => {
    let w: AccessWorld;
    let id: number;
    before(async () => {
      w = await accessWorld(backend, { attachmentMaxBytes: 4096 });
      const res = await w.researcher.agent.fetch('/api/v1/access/requests', {
        method: 'POST',
        json: draftBody([w.a1.id, w.b1.id]),
      });
      id = (await json<{ id: number }>(res)).id;
      await w.researcher.agent.fetch(`/api/v1/access/requests/${id}/submit`, { method: 'POST', json: {} });
      await w.committee.agent.fetch(`/api/v1/access/requests/${id}/review`, { method: 'POST', json: {} });
    });
    after(() => w.hub.close());

    const upload = (p: Person, body: Buffer, type: string, name = 'ethics letter.pdf') =>
      p.agent.fetch(`/api/v1/access/requests/${id}/attachments?filename=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });

    it('keeps a thread between requester, committee and representatives of the datasets', async () => {
      w.notifier.clear();
      for (const [p, text] of [
        [w.researcher, 'Here is our plan.'],
        [w.committee, 'Ethics letter please.'],
        [w.repB, 'Which years?'],
      ] as const) {
        const res = await p.agent.fetch(`/api/v1/access/requests/${id}/messages`, {
          method: 'POST',
          json: { text },
        });
        assert.equal(res.status, 201);
      }
      const list = await json<{ messages: { text: string; author: { id: number } }[] }>(
        await w.repA.agent.fetch(`/api/v1/access/requests/${id}/messages`),
      );
      assert.deepEqual(
        list.messages.map((m) => [m.author.id, m.text]),
        [
          [w.researcher.id, 'Here is our plan.'],
          [w.committee.id, 'Ethics letter please.'],
          [w.repB.id, 'Which years?'],
        ],
      );
      const first = w.notifier.sent.find((n) => n.kind === 'access.message');
      assert.deepEqual(
        [...(first?.recipients ?? [])].sort((a, b) => a - b),
        [w.committee.id, w.repA.id, w.repB.id].sort((a, b) => a - b),
      );
      const empty = await w.researcher.agent.fetch(`/api/v1/access/requests/${id}/messages`, {
        method: 'POST',
        json: { text: '   ' },
      });
      assert.equal(empty.status, 400);
    });

    it('stores PDF/PNG/JPEG attachments checked by their bytes, with SHA-256, and serves them safely', async () => {
      const res = await upload(w.researcher, pdf, 'application/pdf', '../../etc/passwd ethics.pdf');
      assert.equal(res.status, 201);
      const a = await json<AttachmentJson>(res);
      assert.equal(a.sha256, createHash('sha256').update(pdf).digest('hex'));
      assert.equal(a.sizeBytes, pdf.length);
      assert.equal(a.fileName, 'passwd ethics.pdf', 'only the last path segment is kept, as a label');

      const got = await w.repA.agent.fetch(a.downloadUrl);
      assert.equal(got.status, 200);
      assert.equal(got.headers.get('content-type'), 'application/pdf');
      assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(got.headers.get('content-disposition'), 'attachment; filename="passwd ethics.pdf"');
      assert.deepEqual(Buffer.from(await got.arrayBuffer()), pdf);

      assert.equal((await upload(w.repB, png, 'image/png', 'scan.png')).status, 201);
      assert.equal((await w.otherResearcher.agent.fetch(a.downloadUrl)).status, 404);
      assert.equal((await w.hub.anonymous().fetch(a.downloadUrl)).status, 401);
      assert.equal((await upload(w.otherResearcher, pdf, 'application/pdf')).status, 404);

      const audited = await w.hub.db
        .selectFrom('audit_log')
        .select('action')
        .where('target', '=', `access-request:${id}/attachment:${a.id}`)
        .execute();
      assert.deepEqual(audited.map((r) => r.action).sort(), [
        'access.attachment.download',
        'access.attachment.upload',
      ]);
    });

    it('takes a browser FormData upload and refuses malformed multipart with 400', async () => {
      const form = new FormData();
      form.append('note', 'see attached');
      form.append('file', new Blob([png], { type: 'image/png' }), 'scan.png');
      const res = await w.researcher.agent.fetch(`/api/v1/access/requests/${id}/attachments`, {
        method: 'POST',
        body: form,
      });
      assert.equal(res.status, 201, await res.clone().text());
      const a = await json<AttachmentJson>(res);
      assert.deepEqual([a.fileName, a.mediaType, a.sizeBytes], ['scan.png', 'image/png', png.length]);
      const lying = new FormData();
      lying.append('file', new Blob([Buffer.from('<svg onload=alert(1)>')], { type: 'image/png' }), 'x.png');
      const refused = await w.researcher.agent.fetch(`/api/v1/access/requests/${id}/attachments`, {
        method: 'POST',
        body: lying,
      });
      assert.equal(refused.status, 415);
      for (const [type, body] of [
        ['multipart/form-data', '--x\r\n'],
        ['multipart/form-data; boundary=x', 'no boundary here'],
        ['multipart/form-data; boundary=x', '--x\r\ncontent-disposition: form-data; name="a"\r\n\r\nv'],
        [
          'multipart/form-data; boundary=x',
          '--x\r\ncontent-disposition: form-data; name="a"\r\n\r\nv\r\n--x--',
        ],
      ] as const) {
        const r = await upload(w.researcher, Buffer.from(body), type);
        assert.equal(r.status, 400, body);
        assert.match((await json<{ error: { message: string } }>(r)).error.message, /malformed multipart/);
      }
    });

    it('refuses wrong types with 415 and oversized files with 413, storing nothing', async () => {
      const before = await w.hub.db.selectFrom('access_attachment').select('id').execute();
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      const cases: [Buffer, string, number][] = [
        [html, 'application/pdf', 415], // declared PDF, is not
        [png, 'application/pdf', 415], // a PNG declared as PDF
        [html, 'text/html', 415],
        [pdf, 'application/octet-stream', 415],
        [Buffer.concat([pdf, Buffer.alloc(4096)]), 'application/pdf', 413],
      ];
      for (const [body, type, status] of cases) {
        const res = await upload(w.researcher, body, type);
        assert.equal(res.status, status, `${type} ${body.length}`);
        const err = await json<{ error: { code: string; message: string } }>(res);
        assert.equal(err.error.code, status === 413 ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE');
      }
      const after = await w.hub.db.selectFrom('access_attachment').select('id').execute();
      assert.equal(after.length, before.length);
    });

    it('creates a grant on approval, lists it, and a revoked grant stops working at once', async () => {
      const approve = await w.repA.agent.fetch(`/api/v1/access/requests/${id}/datasets/${w.a1.id}/decision`, {
        method: 'POST',
        json: { decision: 'APPROVED' },
      });
      assert.equal(approve.status, 200);
      const mine = await json<{ grants: GrantJson[] }>(
        await w.researcher.agent.fetch('/api/v1/access/grants'),
      );
      const grant = mine.grants.find((g) => g.catalogueEntryId === w.a1.id);
      assert.equal(grant?.status, 'active');
      const repA = await json<{ grants: GrantJson[] }>(
        await w.repA.agent.fetch('/api/v1/access/representative/grants'),
      );
      assert.ok(repA.grants.some((g) => g.id === grant?.id));
      const repB = await json<{ grants: GrantJson[] }>(
        await w.repB.agent.fetch('/api/v1/access/representative/grants'),
      );
      assert.ok(!repB.grants.some((g) => g.id === grant?.id), "not on B's datasets");
      assert.deepEqual(
        (await json<{ grants: GrantJson[] }>(await w.otherResearcher.agent.fetch('/api/v1/access/grants')))
          .grants,
        [],
      );

      const revoke = (p: Person, body: unknown = { reason: 'Data used outside the purpose.' }) =>
        p.agent.fetch(`/api/v1/access/grants/${grant?.id}/revoke`, { method: 'POST', json: body });
      assert.equal((await revoke(w.repB)).status, 404, "another organisation's representative");
      assert.equal((await revoke(w.otherResearcher)).status, 404);
      assert.equal((await revoke(w.researcher)).status, 403, 'the grantee cannot revoke');
      assert.equal((await revoke(w.committee)).status, 404, 'committee is not admin');
      assert.equal((await revoke(w.repA, {})).status, 400, 'a reason is required');
      assert.ok(await findActiveGrant(w.hub.db, { userId: w.researcher.id, catalogueEntryId: w.a1.id }));

      w.notifier.clear();
      const res = await revoke(w.repA);
      assert.equal(res.status, 200);
      const revoked = await json<GrantJson>(res);
      assert.equal(revoked.status, 'revoked');
      assert.equal(revoked.revokeReason, 'Data used outside the purpose.');
      assert.equal(
        await findActiveGrant(w.hub.db, { userId: w.researcher.id, catalogueEntryId: w.a1.id }),
        undefined,
      );
      assert.ok(w.notifier.recipientsOf('access.grant.revoked').includes(w.researcher.id));
      assert.equal((await revoke(w.admin)).status, 409, 'already revoked');
    });

    it('documents every access route in the OpenAPI document', async () => {
      const res = await w.hub.anonymous().fetch('/api/v1/openapi.json');
      assert.equal(res.status, 200);
      const doc = await json<{ paths: Record<string, unknown> }>(res);
      const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/access/'));
      assert.equal(paths.length, 18, paths.join('\n'));
    });

    it('lets an admin revoke any grant', async () => {
      const rid = (
        await json<{ id: number }>(
          await w.researcher.agent.fetch('/api/v1/access/requests', {
            method: 'POST',
            json: draftBody([w.a2.id]),
          }),
        )
      ).id;
      await w.researcher.agent.fetch(`/api/v1/access/requests/${rid}/submit`, { method: 'POST', json: {} });
      await w.committee.agent.fetch(`/api/v1/access/requests/${rid}/review`, { method: 'POST', json: {} });
      await w.repA.agent.fetch(`/api/v1/access/requests/${rid}/datasets/${w.a2.id}/decision`, {
        method: 'POST',
        json: { decision: 'APPROVED' },
      });
      const g = await findActiveGrant(w.hub.db, { userId: w.researcher.id, catalogueEntryId: w.a2.id });
      assert.ok(g);
      const res = await w.admin.agent.fetch(`/api/v1/access/grants/${g.id}/revoke`, {
        method: 'POST',
        json: { reason: 'Account closed.' },
      });
      assert.equal(res.status, 200);
      assert.equal(
        await findActiveGrant(w.hub.db, { userId: w.researcher.id, catalogueEntryId: w.a2.id }),
        undefined,
      );
    });
  });
}
