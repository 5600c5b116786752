import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backends } from '../../../test/support/db.js';
import { startTestHub, type Agent, type TestHub, type TestUser } from '../../../test/support/hub.js';
import { hubConfig } from '../../config/hub-config.js';
import { createLogger } from '../../log.js';
import { createNotifications, type Notifications } from './notifications.service.js';

interface Listed {
  notifications: { id: number; subject: string; text: string; link: string | null; read: boolean }[];
  unread: number;
}

for (const backend of backends())
  describe(`in-app notifications and the outbox (${backend})`, () => {
    let hub: TestHub;
    let n: Notifications;
    let ana: TestUser;
    let bo: TestUser;
    const agentOf = async (u: TestUser): Promise<Agent> => {
      const s = await u.newSession();
      const a = hub.anonymous();
      a.cookies.set('cie_session', s.id);
      a.cookies.set('cie_csrf', s.csrfToken);
      return a;
    };
    before(async () => {
      hub = await startTestHub({ backend });
      n = createNotifications(hub.db, hubConfig().mail, createLogger('silent'));
      ana = await hub.createUser({ email: 'ana-inapp@example.org' });
      bo = await hub.createUser({ email: 'bo-inapp@example.org' });
    });
    after(async () => {
      await n.stop();
      await hub.close();
    });

    it('lists my notifications newest first with the unread count, and marks them read', async () => {
      await n.notifier.notify({
        recipients: [ana.id],
        kind: 'k',
        subject: 'First',
        text: 'one',
        link: '/x/1',
      });
      await n.notifier.notify({ recipients: [ana.id, bo.id], kind: 'k', subject: 'Second', text: 'two' });
      const a = await agentOf(ana);
      const list = (await (await a.fetch('/api/v1/notifications')).json()) as Listed;
      assert.deepEqual(
        list.notifications.map((x) => x.subject),
        ['Second', 'First'],
      );
      assert.equal(list.unread, 2);
      assert.equal(list.notifications[1]?.link, '/x/1');
      const count = (await (await a.fetch('/api/v1/notifications/unread-count')).json()) as {
        unread: number;
      };
      assert.equal(count.unread, 2);

      const first = list.notifications[1]?.id ?? 0;
      const read = await a.fetch(`/api/v1/notifications/${first}/read`, { method: 'POST', json: {} });
      assert.equal(read.status, 200);
      assert.deepEqual(await read.json(), { unread: 1 });
      const unread = (await (await a.fetch('/api/v1/notifications?unread=true')).json()) as Listed;
      assert.deepEqual(
        unread.notifications.map((x) => x.subject),
        ['Second'],
      );

      await a.fetch('/api/v1/notifications/read-all', { method: 'POST', json: {} });
      assert.equal(((await (await a.fetch('/api/v1/notifications')).json()) as Listed).unread, 0);
    });

    it("refuses to mark someone else's notification read, and leaves it unread", async () => {
      await n.notifier.notify({ recipients: [bo.id], kind: 'k', subject: 'For Bo', text: 'private' });
      const b = await agentOf(bo);
      const bos = (await (await b.fetch('/api/v1/notifications')).json()) as Listed;
      const id = bos.notifications[0]?.id ?? 0;
      const a = await agentOf(ana);
      const res = await a.fetch(`/api/v1/notifications/${id}/read`, { method: 'POST', json: {} });
      assert.equal(res.status, 404);
      const anas = (await (await a.fetch('/api/v1/notifications')).json()) as Listed;
      assert.ok(
        !anas.notifications.some((x) => x.subject === 'For Bo'),
        'Ana does not see Bo’s notification',
      );
      assert.equal(
        ((await (await b.fetch('/api/v1/notifications')).json()) as Listed).notifications[0]?.read,
        false,
      );
    });

    it('refuses anonymous callers', async () => {
      assert.equal((await hub.anonymous().fetch('/api/v1/notifications')).status, 401);
    });

    it('shows admins the outbox of queued mails and refuses it to others', async () => {
      await n.notifier.notify({ recipients: [ana.id], kind: 'k', subject: 'Outbox check', text: 'hello' });
      const admin = await hub.userAgent({ roles: ['admin'] });
      const res = await admin.fetch('/api/v1/admin/outbox');
      assert.equal(res.status, 200);
      const { mails } = (await res.json()) as { mails: { to: string; subject: string; status: string }[] };
      const m = mails.find((x) => x.subject === 'Outbox check');
      assert.equal(m?.to, 'ana-inapp@example.org');
      const researcher = await agentOf(ana);
      const refused = await researcher.fetch('/api/v1/admin/outbox');
      assert.equal(refused.status, 403);
    });
  });
